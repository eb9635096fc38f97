package dev.oidchybrid.filter.session;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/** Where logged-in sessions live between requests. */
public interface SessionStore {

    Optional<OidcSession> load(HttpServletRequest request);

    /**
     * Stores a freshly completed login. Implementations must not reuse a session identifier that existed
     * before the login (session fixation, OWASP).
     */
    void saveNewLogin(HttpServletRequest request, OidcSession session);

    /** Replaces the stored session of a logged-in user (after a token refresh), keeping its id. */
    void update(HttpServletRequest request, OidcSession session);

    /** Ends the local session. */
    void clear(HttpServletRequest request);
}
