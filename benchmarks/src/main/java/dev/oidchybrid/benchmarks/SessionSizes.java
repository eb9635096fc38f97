package dev.oidchybrid.benchmarks;

import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.session.CookieJar;
import dev.oidchybrid.filter.internal.session.CookieNames;
import dev.oidchybrid.filter.internal.session.CookieSessionStore;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import jakarta.servlet.http.Cookie;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
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
    static final int GOAL = 4 * 1024;
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
                new SessionFactory(RealisticSession.config().provider(), new RandomTokens(new SecureRandom())));
        List<Cookie> cookies = new ArrayList<>();
        new CookieSessionStore(codec, Clock.systemUTC(), Duration.ofMinutes(30), id -> { })
                .saveNewLogin(httpsCookies(cookies), session);
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

    /**
     * The cookies of an https request to the application at the root context, with none yet (a fresh login),
     * flagged as the filter's web layer flags session cookies.
     */
    private static CookieJar httpsCookies(List<Cookie> set) {
        return new CookieJar() {
            @Override
            public String read(String base) {
                return null;
            }

            @Override
            public void set(String base, String value) {
                Cookie cookie = new Cookie(CookieNames.name(base, "", true), value);
                cookie.setPath(CookieNames.path("", true));
                cookie.setSecure(true);
                cookie.setHttpOnly(true);
                cookie.setAttribute("SameSite", "Lax");
                set.add(cookie);
            }

            @Override
            public void expire(String base) {
            }
        };
    }
}
