package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.web.OidcAttributes;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.client.OidcAccessTokens;
import dev.oidchybrid.filter.internal.config.Origins;
import dev.oidchybrid.filter.internal.flow.InvitationLink;
import dev.oidchybrid.filter.internal.flow.LoginStart;
import dev.oidchybrid.filter.internal.session.OidcSession;
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

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final OidcRuntime runtime;
    private final java.util.concurrent.atomic.AtomicBoolean proxyWarningLogged = new java.util.concurrent.atomic.AtomicBoolean();

    ProtectedRequests(OidcRuntime runtime) {
        this.runtime = runtime;
    }

    /** The access token for API calls, refreshed first when due (the request may run longer than its token). */
    private Function<HttpServletRequest, Optional<String>> accessTokens(HttpServletResponse response) {
        return request -> {
            try {
                return runtime.sessionRefresh.current(request, response).map(s -> s.tokens().accessToken());
            } catch (OidcException e) {
                return Optional.empty();
            }
        };
    }

    /**
     * The origins the user's access token may be sent to: {@code api-origins}, the provider's UserInfo endpoint,
     * and the application itself ({@code base-url}, else the socket the request came in on: never the Host
     * header, which the client chooses).
     */
    private java.util.Set<String> tokenDestinations(HttpServletRequest request) {
        java.util.Set<String> origins = new java.util.LinkedHashSet<>(runtime.config.apiOrigins());
        dev.oidchybrid.filter.internal.discovery.ProviderMetadata provider = runtime.metadata.peek();
        if (provider != null) {
            provider.userinfo().map(Origins::of).ifPresent(origins::add);
        }
        String own = runtime.config.baseUrl().map(Origins::of).orElseGet(() -> {
            String address = request.getLocalAddr();
            String host = address != null && address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            return Origins.of(request.getScheme() + "://" + host + ":" + request.getLocalPort());
        });
        if (own != null) {
            origins.add(own);
        }
        return java.util.Collections.unmodifiableSet(origins);
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<OidcSession> session;
        try {
            session = runtime.sessionRefresh.current(request, response);
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
            request.setAttribute(OidcAccessTokens.DESTINATIONS_ATTRIBUTE, tokenDestinations(request));
            OidcRequestWrapper wrapped = new OidcRequestWrapper(request, s.principal());
            OidcAccessTokens.runAs(wrapped, () -> chain.doFilter(wrapped, response));
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
            String redirectUri = runtime.urls.redirectUri(request);
            warnIfHttpBehindTlsProxy(request, redirectUri);
            LoginStart start = runtime.loginFlow.start(redirectUri,
                    RequestUrls.returnPath(request), InvitationLink.forwardedParams(request::getParameterValues));
            runtime.cookies.add(request, response, start.pending(), runtime.urls.isSecure(request));
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(start.authorizationUrl());
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
        }
    }

    /** The most common proxy misconfiguration, told once: an http redirect_uri although the browser used https. */
    private void warnIfHttpBehindTlsProxy(HttpServletRequest request, String redirectUri) {
        if (redirectUri.startsWith("http:") && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))
                && proxyWarningLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "redirect_uri is http behind a TLS proxy (the request carries "
                    + "X-Forwarded-Proto: https): set base-url to the external https URL, or trust-forwarded-headers "
                    + "when the proxy sets X-Forwarded-*; the provider will otherwise refuse or mis-route the callback");
        }
    }
}
