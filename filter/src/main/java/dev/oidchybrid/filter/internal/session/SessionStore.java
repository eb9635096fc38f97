package dev.oidchybrid.filter.internal.session;

import java.util.Optional;

/**
 * Where logged-in sessions live between requests when the filter keeps them itself: sealed cookies, or a JCache
 * cluster reached through a cookie handle (the container's {@code HttpSession} is the web layer's own
 * {@link RequestSession}). Every method is called before the response is committed.
 */
public interface SessionStore {

    /** The request's session, if it has a live one. Writes nothing but the expiry of a dead one: see {@link #touch}. */
    Optional<LoadedSession> load(CookieJar cookies);

    /**
     * Called once per request that goes on with the loaded session unchanged (no refresh), so a store that must
     * write to keep the session alive (the cookie store's last-seen time) writes at most once per response.
     */
    default void touch(CookieJar cookies, LoadedSession loaded) {
    }

    /**
     * Stores a freshly completed login. Implementations must not reuse a session identifier that existed
     * before the login (session fixation, OWASP).
     */
    void saveNewLogin(CookieJar cookies, OidcSession session);

    /**
     * Replaces the stored session of a logged-in user (after a token refresh), keeping its id. A session that
     * ended meanwhile (logout on another request or node) stays ended.
     */
    void update(CookieJar cookies, OidcSession session);

    /** Ends the session. */
    void clear(CookieJar cookies);
}
