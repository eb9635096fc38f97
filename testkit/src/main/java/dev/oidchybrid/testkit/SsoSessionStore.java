package dev.oidchybrid.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single sign-on sessions at the provider, keyed by the random value of the {@value #COOKIE} cookie, so a
 * second authorization request skips the login page (and {@code prompt=none} can succeed).
 */
final class SsoSessionStore {

    /** The SSO cookie's name. */
    static final String COOKIE = "devop_sso";

    /**
     * A signed-in browser.
     *
     * @param cookieValue the secret cookie value
     * @param sessionId   the public {@code sid} put into ID tokens (never the cookie value)
     * @param user        who signed in
     * @param authTime    when they entered their password
     */
    record SsoSession(String cookieValue, String sessionId, DemoUser user, Instant authTime) {
    }

    private final Map<String, SsoSession> sessions = new ConcurrentHashMap<>();

    /** Starts a session for {@code user} authenticated at {@code authTime}. */
    SsoSession create(DemoUser user, Instant authTime) {
        SsoSession session = new SsoSession(Secrets.randomToken(), Secrets.randomToken(), user, authTime);
        sessions.put(session.cookieValue(), session);
        return session;
    }

    /**
     * The session of the first cookie value that names one (a browser may send several cookies of this name,
     * e.g. from providers on other ports of the same host), or null.
     */
    SsoSession find(List<String> cookieValues) {
        for (String value : cookieValues) {
            SsoSession session = sessions.get(value);
            if (session != null) {
                return session;
            }
        }
        return null;
    }

    /** Ends the sessions the cookie values name. */
    void end(List<String> cookieValues) {
        cookieValues.forEach(sessions::remove);
    }

    /** The Set-Cookie value that stores {@code session} in the browser (HttpOnly, SameSite=Lax, whole site). */
    static String setCookie(SsoSession session) {
        return COOKIE + "=" + session.cookieValue() + "; Path=/; HttpOnly; SameSite=Lax";
    }

    /** The Set-Cookie value that deletes the cookie. */
    static String clearCookie() {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    }
}
