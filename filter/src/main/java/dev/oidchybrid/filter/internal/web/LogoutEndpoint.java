package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.flow.RandomTokens;
import dev.oidchybrid.filter.internal.session.CookieNames;
import dev.oidchybrid.filter.internal.session.OidcSession;
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
 *
 * <p>Only a logout the user asked for ends anything (see {@link #intended}): another site's link or image gets a
 * small "Sign out?" page whose button posts back with a double-submit token instead.
 */
final class LogoutEndpoint {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    static final String STATE_COOKIE = "oidc_logout";
    /** The double-submit token of the "Sign out?" page's form (SameSite=Strict: never sent cross-site). */
    static final String CONFIRM_COOKIE = "oidc_logout_confirm";
    static final String CONFIRM_FIELD = "confirm";
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
        } catch (dev.oidchybrid.filter.internal.OidcException e) {
            // the session store is unreachable (JCache): say so rather than pretend the session ended
            ErrorResponses.send(request, response, e);
        }
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<OidcSession> session = runtime.sessions.load(request, response);
        String returnedState = request.getParameter("state");
        if (session.isEmpty() && (returnedState != null || cookie(request, STATE_COOKIE) != null)) {
            land(request, response, returnedState);
            return;
        }
        if (!intended(request)) {
            confirm(request, response);
            return;
        }
        response.addCookie(cookie(request, CONFIRM_COOKIE, "", 0, "Strict"));
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

    /**
     * Whether the user asked for this logout, rather than another site's {@code <img src=/logout>} or link: a POST
     * from the confirmation page (its token equal to the cookie's), or a GET navigation from this application or
     * typed by the user ({@code Sec-Fetch-Site} {@code same-origin} or {@code none}; for browsers without it, an
     * {@code Origin} or {@code Referer} of this application's origin).
     */
    private boolean intended(HttpServletRequest request) {
        if ("POST".equals(request.getMethod())) {
            String expected = cookie(request, CONFIRM_COOKIE);
            String sent = request.getParameter(CONFIRM_FIELD);
            return expected != null && !expected.isEmpty() && sent != null && MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = request.getHeader("Origin");
        String from = origin != null ? origin : request.getHeader("Referer");
        return from != null && sameOrigin(from, runtime.urls.baseUrl(request));
    }

    /** Whether a URL (Origin or Referer) has the scheme, host and port of the application's base URL. */
    static boolean sameOrigin(String url, String baseUrl) {
        try {
            java.net.URI a = java.net.URI.create(url.trim());
            java.net.URI b = java.net.URI.create(baseUrl);
            return a.getScheme() != null && a.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                    && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(java.net.URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A small "Sign out?" page whose button posts back here with a fresh double-submit token. */
    private void confirm(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.log(System.Logger.Level.INFO, "OIDC logout {0} not from this application: asking the user to confirm",
                request.getMethod());
        String token = random.next();
        response.addCookie(cookie(request, CONFIRM_COOKIE, token, STATE_LIFETIME_SECONDS, "Strict"));
        response.setStatus("POST".equals(request.getMethod()) ? HttpServletResponse.SC_FORBIDDEN
                : HttpServletResponse.SC_OK);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        String action = request.getContextPath() + runtime.config.logoutPath();
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign out?"
                + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">"
                + "<h1>Sign out?</h1><form method=\"post\" action=\"" + ErrorResponses.escape(action) + "\">"
                + "<input type=\"hidden\" name=\"" + CONFIRM_FIELD + "\" value=\"" + ErrorResponses.escape(token) + "\">"
                + "<button type=\"submit\">Sign out</button></form>"
                + "<p><a href=\"" + ErrorResponses.escape(request.getContextPath() + "/") + "\">Stay signed in</a></p>"
                + "</body></html>");
    }

    /** The provider sent the browser back: redirect on only when the state is the one this browser sent. */
    private void land(HttpServletRequest request, HttpServletResponse response, String returnedState)
            throws IOException {
        String expected = cookie(request, STATE_COOKIE);
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

    private String cookie(HttpServletRequest request, String base) {
        String name = CookieNames.name(base, request.getServletContext().getContextPath(),
                runtime.urls.isSecure(request));
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private Cookie stateCookie(HttpServletRequest request, String value, int maxAge) {
        // the provider's redirect back is a top-level GET navigation: SameSite=Lax cookies come with it
        return cookie(request, STATE_COOKIE, value, maxAge, "Lax");
    }

    private Cookie cookie(HttpServletRequest request, String base, String value, int maxAge, String sameSite) {
        boolean secure = runtime.urls.isSecure(request);
        String context = request.getServletContext().getContextPath();
        Cookie cookie = new Cookie(CookieNames.name(base, context, secure), value);
        cookie.setPath(CookieNames.path(context, secure));
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", sameSite);
        cookie.setSecure(secure);
        return cookie;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
