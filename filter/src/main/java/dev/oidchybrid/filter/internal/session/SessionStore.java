package dev.oidchybrid.filter.internal.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Optional;

/**
 * Where logged-in sessions live between requests: the container's session, sealed cookies, or a JCache
 * cluster. Every method is called before the response is committed, so stores may set cookies.
 */
public interface SessionStore {

    /** The request's session, if it has a live one. Writes nothing: see {@link #touch}. */
    Optional<OidcSession> load(HttpServletRequest request, HttpServletResponse response);

    /**
     * Called once per request that goes on with {@code session} unchanged (no refresh), so a store that must
     * write to keep the session alive (the cookie store's last-seen time) writes at most once per response.
     */
    default void touch(HttpServletRequest request, HttpServletResponse response, OidcSession session) {
    }

    /**
     * Stores a freshly completed login. Implementations must not reuse a session identifier that existed
     * before the login (session fixation, OWASP).
     */
    void saveNewLogin(HttpServletRequest request, HttpServletResponse response, OidcSession session);

    /**
     * Replaces the stored session of a logged-in user (after a token refresh), keeping its id. A session that
     * ended meanwhile (logout on another request or node) stays ended.
     */
    void update(HttpServletRequest request, HttpServletResponse response, OidcSession session);

    /** Ends the local session. */
    void clear(HttpServletRequest request, HttpServletResponse response);
}
