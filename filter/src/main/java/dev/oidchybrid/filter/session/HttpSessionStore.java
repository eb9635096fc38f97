package dev.oidchybrid.filter.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.util.Optional;

/**
 * Keeps the {@link OidcSession} in the container's {@link HttpSession}, so the container's own persistence or
 * replication carries it. A login always gets a new session id ({@code changeSessionId()}); a login of another
 * user (subject or issuer) than the session's gets a new session altogether, without the previous user's
 * application attributes.
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
            if (belongsToAnotherUser(existing, session)) {
                // the previous user's application attributes must not reach the new one
                existing.invalidate();
            } else {
                request.changeSessionId();
            }
        }
        request.getSession(true).setAttribute(ATTRIBUTE, session);
    }

    private static boolean belongsToAnotherUser(HttpSession existing, OidcSession login) {
        try {
            return existing.getAttribute(ATTRIBUTE) instanceof OidcSession previous
                    && !(previous.principal().subject().equals(login.principal().subject())
                    && previous.principal().issuer().equals(login.principal().issuer()));
        } catch (IllegalStateException invalidated) {
            return false;
        }
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
