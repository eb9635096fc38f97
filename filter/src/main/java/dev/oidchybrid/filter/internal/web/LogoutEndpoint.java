package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.session.LoadedSession;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.RequestSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

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

    /** The client and paths logout works with. */
    record Settings(String clientId, String logoutPath, String postLogoutPath) {
    }

    private final Settings settings;
    private final Sessions sessions;
    private final LoginAttempts attempts;
    private final Supplier<ProviderMetadata> provider;
    private final RequestUrls urls;
    private final RandomTokens random;
    private final Telemetry telemetry;

    /**
     * @param provider  the discovered metadata if discovery succeeded yet, else null (never fetches)
     * @param telemetry told of each logout, and whether the browser went on to the provider's end_session_endpoint
     */
    LogoutEndpoint(Settings settings, Sessions sessions, LoginAttempts attempts, Supplier<ProviderMetadata> provider,
                   RequestUrls urls, RandomTokens random, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.settings = settings;
        this.sessions = sessions;
        this.attempts = attempts;
        this.provider = provider;
        this.urls = urls;
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
        RequestSession current = sessions.of(request, response);
        Optional<OidcSession> session = current.load().map(LoadedSession::session);
        String returnedState = request.getParameter("state");
        if (session.isEmpty() && (returnedState != null || cookies(request, null).read(STATE_COOKIE) != null)) {
            land(request, response, returnedState);
            return;
        }
        if (!intended(request)) {
            confirm(request, response);
            return;
        }
        cookies(request, response).set(CONFIRM_COOKIE, "", 0, "Strict");
        current.clear();
        attempts.reset(request, response);
        ProviderMetadata provider = this.provider.get();
        boolean toEndSession = provider != null && provider.endSessionEndpoint() != null;
        telemetry.loggedOut(toEndSession);
        if (!toEndSession) {
            response.sendRedirect(postLogoutLocation(request));
            return;
        }
        String state = random.next();
        setStateCookie(request, response, state, STATE_LIFETIME_SECONDS);
        String endpoint = provider.endSessionEndpoint();
        StringBuilder url = new StringBuilder(endpoint).append(endpoint.indexOf('?') >= 0 ? '&' : '?');
        session.ifPresent(s -> url.append("id_token_hint=").append(encode(s.tokens().idToken())).append('&'));
        url.append("client_id=").append(encode(settings.clientId()))
                .append("&post_logout_redirect_uri=").append(encode(urls.baseUrl(request)
                        + settings.logoutPath()))
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
            String expected = cookies(request, null).read(CONFIRM_COOKIE);
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
        return from != null && sameOrigin(from, urls.baseUrl(request));
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
        cookies(request, response).set(CONFIRM_COOKIE, token, STATE_LIFETIME_SECONDS, "Strict");
        response.setStatus("POST".equals(request.getMethod()) ? HttpServletResponse.SC_FORBIDDEN
                : HttpServletResponse.SC_OK);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        String action = request.getContextPath() + settings.logoutPath();
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
        String expected = cookies(request, null).read(STATE_COOKIE);
        setStateCookie(request, response, "", 0);
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
        return urls.locationFor(request, settings.postLogoutPath());
    }

    private Cookies cookies(HttpServletRequest request, HttpServletResponse response) {
        return new Cookies(request, response, urls.isSecure(request));
    }

    private void setStateCookie(HttpServletRequest request, HttpServletResponse response, String value, int maxAge) {
        // the provider's redirect back is a top-level GET navigation: SameSite=Lax cookies come with it
        cookies(request, response).set(STATE_COOKIE, value, maxAge, "Lax");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
