package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates a Logout Token (OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6): signature by the provider
 * (same algorithm allow-list and JWKS as ID tokens), {@code typ} {@code logout+jwt} when present, {@code iss},
 * {@code aud}, {@code iat} (not in the future, not older than {@link #MAX_AGE}), {@code exp} (required, Back-Channel Logout 1.0 §2.4),
 * {@code jti}, the back-channel logout event, {@code sid} and/or {@code sub}, and no {@code nonce} (so an ID
 * token cannot be replayed as a logout token). Replay of a {@code jti} is the caller's check.
 */
public final class LogoutTokenValidator {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Logout tokens older than this are refused, which also bounds how long jti values must be remembered. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final String SPEC = "OpenID Connect Back-Channel Logout 1.0 §2.6";

    /** A valid logout request: end the sessions of {@code sid} and/or {@code sub} at {@code issuer}. */
    public record LogoutRequest(String issuer, String subject, String sid, String jti, long issuedAt) {
    }

    private final OidcConfig config;
    private final Clock clock;
    private final SignedJwtVerifier verifier;

    public LogoutTokenValidator(OidcConfig config, VerificationKeyResolver keys, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.verifier = new SignedJwtVerifier(config.idTokenAlgorithms(), keys);
    }

    /**
     * @throws OidcException {@code invalid_request} naming every failed rule, or {@code op_unavailable} when the
     *                       provider's keys cannot be fetched
     */
    public LogoutRequest validate(String logoutToken) {
        JwtContext context;
        try {
            context = verifier.verify(logoutToken);
        } catch (SignedJwtVerifier.Rejected e) {
            throw invalid("logout token " + e.getMessage());
        }
        String typ = context.getJoseObjects().get(0).getHeader("typ");
        Map<String, Object> claims = context.getJwtClaims().getClaimsMap();
        List<String> problems = new ArrayList<>();
        if (typ != null && !typ.toLowerCase(Locale.ROOT).matches("(application/)?logout\\+jwt")) {
            problems.add("typ is not logout+jwt");
        }
        if (!config.issuer().equals(claims.get("iss"))) {
            problems.add("iss is not the configured issuer");
        }
        Object aud = claims.get("aud");
        if (!(config.clientId().equals(aud) || aud instanceof List<?> list && list.contains(config.clientId()))) {
            problems.add("aud does not contain this client_id");
        }
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();
        long iat = -1;
        if (claims.get("iat") instanceof Number n) {
            iat = n.longValue();
            if (iat > now + skew) {
                problems.add("iat in the future");
            } else if (iat < now - MAX_AGE.toSeconds() - skew) {
                problems.add("iat older than " + MAX_AGE.toMinutes() + " minutes");
            }
        } else {
            problems.add("iat missing");
        }
        if (!(claims.get("exp") instanceof Number exp)) {
            problems.add("exp missing");
        } else if (now >= exp.longValue() + skew) {
            problems.add("expired");
        }
        Object jti = claims.get("jti");
        if (!(jti instanceof String j) || j.isEmpty() || j.length() > 256) {
            problems.add("jti missing");
        }
        if (!(claims.get("events") instanceof Map<?, ?> events) || !(events.get(EVENT) instanceof Map<?, ?>)) {
            problems.add("events lacks the back-channel logout event");
        }
        Object sub = claims.get("sub");
        Object sid = claims.get("sid");
        if (!(sub instanceof String) && !(sid instanceof String)) {
            problems.add("neither sid nor sub");
        }
        if (claims.containsKey("nonce")) {
            problems.add("nonce present (an ID token is not a logout token)");
        }
        if (!problems.isEmpty()) {
            throw invalid("logout token rejected: " + String.join("; ", problems));
        }
        return new LogoutRequest((String) claims.get("iss"), sub instanceof String s ? s : null,
                sid instanceof String s ? s : null, (String) jti, iat);
    }

    private static OidcException invalid(String description) {
        return new OidcException(ErrorCode.INVALID_REQUEST, description, SPEC);
    }
}
