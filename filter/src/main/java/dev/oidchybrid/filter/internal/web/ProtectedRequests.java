package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.OidcAccessTokens;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionRefresh;
import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request to a protected path: with a session it passes on, wrapped and with the token attributes set;
 * without one, a page navigation starts a login (302 to the provider), anything else gets a 401.
 */
final class ProtectedRequests {

    private final Sessions sessions;
    private final SessionRefresh refresh;
    private final LoginAttempts attempts;
    private final LoginStarter logins;
    private final TokenDestinations destinations;
    private final String realm;

    /** @param realm the {@code WWW-Authenticate} realm of the 401 (the client ID) */
    ProtectedRequests(Sessions sessions, SessionRefresh refresh, LoginAttempts attempts, LoginStarter logins,
                      TokenDestinations destinations, String realm) {
        this.sessions = sessions;
        this.refresh = refresh;
        this.attempts = attempts;
        this.logins = logins;
        this.destinations = destinations;
        this.realm = realm;
    }

    /** The access token for API calls, refreshed first when due (the request may run longer than its token). */
    private Function<HttpServletRequest, Optional<String>> accessTokens(HttpServletResponse response) {
        return request -> {
            try {
                return refresh.current(sessions.of(request, response)).map(s -> s.tokens().accessToken());
            } catch (OidcException e) {
                return Optional.empty();
            }
        };
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<OidcSession> session;
        try {
            session = refresh.current(sessions.of(request, response));
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
            return;
        }
        if (session.isPresent()) {
            OidcSession s = session.get();
            request.setAttribute(OidcAttributes.ID_TOKEN, s.tokens().idToken());
            request.setAttribute(OidcAttributes.ACCESS_TOKEN, s.tokens().accessToken());
            request.setAttribute(OidcAttributes.CLAIMS, s.claims());
            request.setAttribute(OidcAttributes.TOKEN_SET, s.tokens());
            request.setAttribute(OidcAttributes.PRINCIPAL, s.principal());
            request.setAttribute(OidcAccessTokens.SOURCE_ATTRIBUTE, accessTokens(response));
            request.setAttribute(OidcAccessTokens.DESTINATIONS_ATTRIBUTE, destinations.of(request));
            OidcRequestWrapper wrapped = new OidcRequestWrapper(request, s.principal());
            OidcAccessTokens.runAs(wrapped, () -> chain.doFilter(wrapped, response));
            return;
        }
        if (!RequestKind.isNavigation(request)) {
            ErrorResponses.unauthorized(response, realm);
            return;
        }
        try {
            if (!attempts.mayStart(request)) {
                throw new OidcException(ErrorCode.LOGIN_LOOP, LoginAttempts.MAX_COMPLETED + " logins completed within "
                        + LoginAttempts.WINDOW.toSeconds() + " s from one browser without a session being kept: "
                        + "check that the container's session cookie is stored (its Path, Secure over http, "
                        + "SameSite, domain) and that every node shares sessions", "");
            }
            logins.start(request, response);
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
        }
    }
}
