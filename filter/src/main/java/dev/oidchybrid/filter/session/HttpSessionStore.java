package dev.oidchybrid.filter.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.util.Optional;

/**
 * Keeps the {@link OidcSession} in the container's {@link HttpSession}, so the container's own persistence or
 * replication carries it. A login always gets a new session id ({@code changeSessionId()}).
 */
public final class HttpSessionStore implements SessionStore {

    /** The session attribute name. */
    public static final String ATTRIBUTE = "dev.oidchybrid.filter.session";

    @Override
    public Optional<OidcSession> load(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        try {
            return session.getAttribute(ATTRIBUTE) instanceof OidcSession s ? Optional.of(s) : Optional.empty();
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }

    @Override
    public void saveNewLogin(HttpServletRequest request, HttpServletResponse response, OidcSession session) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(ATTRIBUTE, session);
    }

    @Override
    public void update(HttpServletRequest request, HttpServletResponse response, OidcSession session) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            try {
                existing.setAttribute(ATTRIBUTE, session);
            } catch (IllegalStateException invalidated) {
                // logged out meanwhile: nothing to update
            }
        }
    }

    @Override
    public void clear(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // nothing left to end
            }
        }
    }
}
