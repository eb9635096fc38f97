package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.discovery.ProviderMetadata;
import dev.oidchybrid.filter.flow.RandomTokens;
import dev.oidchybrid.filter.session.OidcSession;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Logout (OpenID Connect RP-Initiated Logout 1.0). A request to the logout path ends the local session and,
 * when the provider has an {@code end_session_endpoint}, sends the browser there with {@code id_token_hint},
 * {@code client_id}, {@code post_logout_redirect_uri} (this same path) and a fresh {@code state}, kept in an
 * HttpOnly cookie. When the provider sends the browser back with that {@code state}, the landing checks it
 * and only then redirects to {@code post-logout-path}; an unknown state gets a plain signed-out page. A
 * provider that comes back without {@code state} (not all send it) also lands on that page: sending the
 * browser to the provider again would loop.
 */
final class LogoutEndpoint {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    static final String STATE_COOKIE = "oidc_logout";
    private static final int STATE_LIFETIME_SECONDS = 600;

    private final OidcRuntime runtime;
    private final RandomTokens random;

    LogoutEndpoint(OidcRuntime runtime, RandomTokens random) {
        this.runtime = runtime;
        this.random = random;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            logout(request, response);
        } catch (dev.oidchybrid.filter.OidcException e) {
            // the session store is unreachable (JCache): say so rather than pretend the session ended
            ErrorResponses.send(request, response, e);
        }
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<OidcSession> session = runtime.sessions.load(request, response);
        String returnedState = request.getParameter("state");
        if (session.isEmpty() && (returnedState != null || cookie(request) != null)) {
            land(request, response, returnedState);
            return;
        }
        runtime.sessions.clear(request, response);
        runtime.loginAttempts.reset(request, response);
        ProviderMetadata provider = runtime.metadata.peek();
        if (provider == null || provider.endSessionEndpoint() == null) {
            response.sendRedirect(postLogoutLocation(request));
            return;
        }
        String state = random.next();
        response.addCookie(stateCookie(request, state, STATE_LIFETIME_SECONDS));
        String endpoint = provider.endSessionEndpoint();
        StringBuilder url = new StringBuilder(endpoint).append(endpoint.indexOf('?') >= 0 ? '&' : '?');
        session.ifPresent(s -> url.append("id_token_hint=").append(encode(s.tokens().idToken())).append('&'));
        url.append("client_id=").append(encode(runtime.config.clientId()))
                .append("&post_logout_redirect_uri=").append(encode(runtime.urls.baseUrl(request)
                        + runtime.config.logoutPath()))
                .append("&state=").append(encode(state));
        response.sendRedirect(url.toString());
    }

    /** The provider sent the browser back: redirect on only when the state is the one this browser sent. */
    private void land(HttpServletRequest request, HttpServletResponse response, String returnedState)
            throws IOException {
        String expected = cookie(request);
        response.addCookie(stateCookie(request, "", 0));
        if (expected != null && returnedState != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), returnedState.getBytes(StandardCharsets.UTF_8))) {
            response.sendRedirect(postLogoutLocation(request));
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "OIDC post-logout landing {0}: not redirecting to post-logout-path",
                returnedState == null ? "without state (the provider did not return it)"
                        : "with a state this browser did not send (logout-state cookie "
                        + (expected == null ? "missing)" : "different)"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out"
                + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">"
                + "<h1>You are signed out</h1><p><a href=\"" + ErrorResponses.escape(postLogoutLocation(request))
                + "\">Continue</a></p></body></html>");
    }

    private String postLogoutLocation(HttpServletRequest request) {
        return runtime.urls.locationFor(request, runtime.config.postLogoutPath());
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(STATE_COOKIE)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private Cookie stateCookie(HttpServletRequest request, String value, int maxAge) {
        Cookie cookie = new Cookie(STATE_COOKIE, value);
        String context = request.getContextPath();
        cookie.setPath(context.isEmpty() ? "/" : context);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        // the provider's redirect back is a top-level GET navigation: SameSite=Lax cookies come with it
        cookie.setAttribute("SameSite", "Lax");
        cookie.setSecure(runtime.urls.isSecure(request));
        return cookie;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
