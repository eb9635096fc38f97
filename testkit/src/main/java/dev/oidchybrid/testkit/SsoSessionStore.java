package dev.oidchybrid.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single sign-on sessions at the provider, keyed by the random value of the {@value #COOKIE} cookie, so a
 * second authorization request skips the login page (and {@code prompt=none} can succeed). Each session
 * remembers the clients that received an authorization response in it, the relying parties to notify by
 * back-channel logout when it ends.
 */
final class SsoSessionStore {

    /** The SSO cookie's name. */
    static final String COOKIE = "devop_sso";

    /**
     * A signed-in browser.
     *
     * @param cookieValue the secret cookie value
     * @param sessionId   the public {@code sid} put into ID tokens and logout tokens (never the cookie value)
     * @param user        who signed in
     * @param authTime    when they entered their password
     * @param clientIds   the clients that received an authorization response in this session (a synchronized set,
     *                    in order of first response; use {@link SsoSessionStore#join} to add)
     */
    record SsoSession(String cookieValue, String sessionId, DemoUser user, Instant authTime, Set<String> clientIds) {

        /** The clients of this session so far, a snapshot. */
        List<String> clients() {
            synchronized (clientIds) {
                return List.copyOf(clientIds);
            }
        }
    }

    private final Map<String, SsoSession> sessions = new ConcurrentHashMap<>();

    /** Starts a session for {@code user} authenticated at {@code authTime}. */
    SsoSession create(DemoUser user, Instant authTime) {
        SsoSession session = new SsoSession(Secrets.randomToken(), Secrets.randomToken(), user, authTime,
                Collections.synchronizedSet(new LinkedHashSet<>()));
        sessions.put(session.cookieValue(), session);
        return session;
    }

    /** Records that {@code clientId} received an authorization response in {@code session}. */
    static void join(SsoSession session, String clientId) {
        session.clientIds().add(clientId);
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

    /**
     * Ends the sessions the cookie values name.
     *
     * @return the sessions ended (none when no value names a live session)
     */
    List<SsoSession> end(List<String> cookieValues) {
        List<SsoSession> ended = new ArrayList<>();
        for (String value : cookieValues) {
            SsoSession session = sessions.remove(value);
            if (session != null) {
                ended.add(session);
            }
        }
        return ended;
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
