package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.ErrorCode;
import dev.oidchybrid.filter.OidcException;
import dev.oidchybrid.filter.flow.InvitationLink;
import dev.oidchybrid.filter.flow.LoginStart;
import dev.oidchybrid.filter.session.OidcSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * A request to a protected path: with a session it passes on, wrapped and with the token attributes set;
 * without one, a page navigation starts a login (302 to the provider), anything else gets a 401.
 */
final class ProtectedRequests {

    private final OidcRuntime runtime;

    ProtectedRequests(OidcRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<OidcSession> session = runtime.sessions.load(request);
        if (session.isPresent()) {
            OidcSession s = session.get();
            request.setAttribute(OidcAttributes.ID_TOKEN, s.tokens().idToken());
            request.setAttribute(OidcAttributes.ACCESS_TOKEN, s.tokens().accessToken());
            request.setAttribute(OidcAttributes.CLAIMS, s.claims());
            request.setAttribute(OidcAttributes.TOKEN_SET, s.tokens());
            request.setAttribute(OidcAttributes.PRINCIPAL, s.principal());
            chain.doFilter(new OidcRequestWrapper(request, s.principal()), response);
            return;
        }
        if (!RequestKind.isNavigation(request)) {
            ErrorResponses.unauthorized(response, runtime.config.clientId());
            return;
        }
        try {
            if (!runtime.loginAttempts.mayStart(request)) {
                throw new OidcException(ErrorCode.LOGIN_LOOP, LoginAttempts.MAX_COMPLETED + " logins completed within "
                        + LoginAttempts.WINDOW.toSeconds() + " s from one browser without a session being kept: "
                        + "check that the container's session cookie is stored (its Path, Secure over http, "
                        + "SameSite, domain) and that every node shares sessions", "");
            }
            LoginStart start = runtime.loginFlow.start(runtime.urls.redirectUri(request),
                    RequestUrls.returnPath(request), InvitationLink.forwardedParams(request::getParameterValues));
            runtime.cookies.add(request, response, start.pending(), runtime.urls.isSecure(request));
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(start.authorizationUrl());
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
        }
    }
}
