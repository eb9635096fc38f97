package dev.oidchybrid.benchmarks;

import dev.oidchybrid.filter.internal.flow.RandomTokens;
import dev.oidchybrid.filter.internal.session.CookieSessionStore;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Bytes per session for an Auth0-sized token set ({@link RealisticTokens}): what the {@code http-session} store
 * puts into the {@code HttpSession} (the serialized {@link OidcSession}, which container persistence and
 * replication write), and what the {@code cookie} store sends (its {@code oidc_session_N} cookies, written by the
 * real {@link CookieSessionStore} on an https request).
 */
final class SessionSizes {

    /** The goal per session, in bytes. */
    static final int GOAL = 6 * 1024;
    /** The least size per cookie (name, value) browsers must keep (RFC 6265 §6.1), and what they do keep. */
    static final int BROWSER_COOKIE_LIMIT = 4096;
    /** The request header size Jetty and Tomcat accept by default, and nginx per header line. */
    static final int SERVER_HEADER_LIMIT = 8192;

    private SessionSizes() {
    }

    static void run(Report report) throws IOException {
        RealisticTokens tokens = RealisticTokens.issue("RS256");
        OidcSession session = RealisticSession.of(tokens);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(session);
        }
        int serialized = bytes.size();

        SessionCodec codec = new SessionCodec(SessionCodec.sealer(List.of(BenchmarkSecrets.COOKIE_KEY), RealisticSession.SEALING_SCOPE),
                RealisticSession.SEALING_SCOPE,
                new SessionFactory(RealisticSession.config(), new RandomTokens(new SecureRandom())));
        List<Cookie> cookies = new ArrayList<>();
        new CookieSessionStore(codec, request -> true, Clock.systemUTC(), Duration.ofMinutes(30), id -> { })
                .saveNewLogin(httpsRequest(), collecting(cookies), session);
        StringJoiner requestHeader = new StringJoiner("; ", "Cookie: ", "");
        int largestCookie = 0;
        int setCookieBytes = 0;
        for (Cookie cookie : cookies) {
            requestHeader.add(cookie.getName() + "=" + cookie.getValue());
            largestCookie = Math.max(largestCookie, cookie.getName().length() + 1 + cookie.getValue().length());
            setCookieBytes += setCookie(cookie).length() + 2;
        }
        int cookieHeader = requestHeader.toString().getBytes(StandardCharsets.US_ASCII).length;

        report.figure("Memory: `http-session` store, serialized session attribute", serialized + " B",
                "≤ " + GOAL + " B", serialized <= GOAL);
        report.figure("Memory: `cookie` store, `Cookie` request header", cookieHeader + " B in " + cookies.size()
                + " cookie(s), largest " + largestCookie + " B", "≤ " + GOAL + " B; each cookie ≤ "
                + BROWSER_COOKIE_LIMIT + " B", cookieHeader <= GOAL && largestCookie <= BROWSER_COOKIE_LIMIT);
        report.info("Memory: `cookie` store, `Set-Cookie` headers at login and refresh", setCookieBytes + " B");

        report.detail("### Session sizes");
        report.detail("");
        report.detail("Token set (Auth0-shaped, see `RealisticTokens`): " + tokens.describe() + "; "
                + session.claims().size() + " ID token claims in the session. Tokens alone: "
                + (tokens.idToken().length() + tokens.accessToken().length() + tokens.refreshToken().length()) + " B.");
        report.detail("Browser limits: " + BROWSER_COOKIE_LIMIT + " B per cookie (name and value), at least 50 cookies "
                + "per domain; servers and proxies commonly refuse request headers over " + SERVER_HEADER_LIMIT
                + " B (Jetty, Tomcat, nginx defaults). The `http-session` store sends only the container's session "
                + "cookie (`JSESSIONID`, about 40 B).");
        report.detail("");
    }

    /** The header as Jetty writes it for the store's cookies (attributes in another order change no size). */
    private static String setCookie(Cookie cookie) {
        StringBuilder header = new StringBuilder("Set-Cookie: ").append(cookie.getName()).append('=')
                .append(cookie.getValue()).append("; Path=").append(cookie.getPath());
        if (cookie.getSecure()) {
            header.append("; Secure");
        }
        if (cookie.isHttpOnly()) {
            header.append("; HttpOnly");
        }
        String sameSite = cookie.getAttribute("SameSite");
        if (sameSite != null) {
            header.append("; SameSite=").append(sameSite);
        }
        return header.toString();
    }

    /** An https request to the application at the root context, with no cookies yet (a fresh login). */
    private static HttpServletRequest httpsRequest() {
        return (HttpServletRequest) Proxy.newProxyInstance(SessionSizes.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> "";
                    case "getScheme" -> "https";
                    case "isSecure" -> true;
                    default -> null;
                });
    }

    /** A response that keeps the cookies added to it. */
    private static HttpServletResponse collecting(List<Cookie> cookies) {
        return (HttpServletResponse) Proxy.newProxyInstance(SessionSizes.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addCookie")) {
                        cookies.add((Cookie) args[0]);
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }
}
