package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.UsedStates;
import dev.oidchybrid.filter.internal.cluster.Revocations;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.5, §2.8): the provider POSTs
 * a {@code logout_token}; a valid, not replayed token is recorded so that its sessions end, answered 200;
 * anything else is answered 400 and ends nothing. Called by the provider, not a browser: no cookies, no
 * session, no redirects.
 */
final class BackChannelLogoutEndpoint {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final LogoutTokenValidator validator;
    private final Revocations registry;
    private final UsedStates usedJtis;
    private final Clock clock;
    private final Telemetry telemetry;

    BackChannelLogoutEndpoint(LogoutTokenValidator validator, Revocations registry, UsedStates usedJtis,
                              Clock clock, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.validator = validator;
        this.registry = registry;
        this.usedJtis = usedJtis;
        this.clock = clock;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            LogoutRequest logout = validator.validate(logoutToken(request));
            Instant now = clock.instant();
            if (!usedJtis.markUsed(logout.issuer() + '\u0000' + logout.jti(),
                    now.plus(LogoutTokenValidator.MAX_AGE).plusSeconds(600), now)) {
                throw new OidcException(ErrorCode.INVALID_REQUEST, "logout token replayed: its jti was already used",
                        "OpenID Connect Back-Channel Logout 1.0 §2.6");
            }
            registry.record(logout);
            telemetry.backChannelLogoutAccepted();
            telemetry.sessionsRevoked(Telemetry.RevocationSource.BACKCHANNEL);
            LOG.log(System.Logger.Level.INFO, "OIDC back-channel logout: sessions of {0} end", logout.sid() != null
                    ? "provider session (sid)" + (logout.subject() != null ? " of subject " + logout.subject() : "")
                    : "subject " + logout.subject());
            response.setStatus(HttpServletResponse.SC_OK);
        } catch (OidcException e) {
            telemetry.backChannelLogoutRefused(e.code());
            LOG.log(e.code() == ErrorCode.OP_UNAVAILABLE ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "OIDC back-channel logout refused: {0}", e.logLine());
            response.setStatus(e.code() == ErrorCode.OP_UNAVAILABLE ? 503 : HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"invalid_request\"}");
        }
    }

    private static String logoutToken(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (!"POST".equals(request.getMethod()) || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new OidcException(ErrorCode.INVALID_REQUEST, "back-channel logout must be a form POST",
                    "OpenID Connect Back-Channel Logout 1.0 §2.5");
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new OidcException(ErrorCode.INVALID_REQUEST, "back-channel logout body too large", "");
        }
        String[] values;
        try {
            values = request.getParameterValues("logout_token");
        } catch (RuntimeException e) {
            throw new OidcException(ErrorCode.INVALID_REQUEST, "back-channel logout body is not a valid form", "");
        }
        if (values == null || values.length != 1 || values[0].isEmpty()) {
            throw new OidcException(ErrorCode.INVALID_REQUEST, "back-channel logout needs exactly one logout_token",
                    "OpenID Connect Back-Channel Logout 1.0 §2.5");
        }
        return values[0];
    }
}
