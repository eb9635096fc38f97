package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.ErrorCode;
import dev.oidchybrid.filter.OidcException;
import dev.oidchybrid.filter.session.LogoutRegistry;
import dev.oidchybrid.filter.session.OidcSession;
import dev.oidchybrid.filter.session.SessionFactory;
import dev.oidchybrid.filter.session.SessionStore;
import dev.oidchybrid.filter.token.TokenRefresher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gives each request a session that no back-channel logout has ended and whose access token is valid,
 * refreshing first when it is due. Single-flight
 * per session: however many requests of one session arrive at once, one sends the refresh grant while the
 * others wait (bounded) and then re-read the session, so a provider that rotates refresh tokens never sees an
 * old one twice. A refused refresh (e.g. {@code invalid_grant}) or an unacceptable new ID token ends the
 * session; an unreachable provider is tolerated while the access token is still valid, then answered 503.
 */
final class SessionRefresh {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    private static final int STRIPES = 1024;
    static final long RETRY_AFTER_SECONDS = 30;

    private final SessionStore store;
    private final SessionFactory factory;
    private final LogoutRegistry logouts;
    private final TokenRefresher refresher;
    private final Duration lockWait;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    SessionRefresh(SessionStore store, SessionFactory factory, LogoutRegistry logouts, TokenRefresher refresher,
                   Duration lockWait) {
        this.store = store;
        this.factory = factory;
        this.logouts = logouts;
        this.refresher = refresher;
        this.lockWait = lockWait;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * The request's session, refreshed if due; empty when there is none or it just ended.
     *
     * @throws OidcException {@code op_unavailable} when the access token expired and the provider cannot refresh it
     */
    Optional<OidcSession> current(HttpServletRequest request) {
        Optional<OidcSession> loaded = store.load(request);
        if (loaded.isPresent() && logouts.isLoggedOut(loaded.get())) {
            LOG.log(System.Logger.Level.INFO, "OIDC session of subject {0} ended by a back-channel logout",
                    loaded.get().principal().subject());
            store.clear(request);
            return Optional.empty();
        }
        if (loaded.isEmpty() || !refresher.isDue(loaded.get().tokens())) {
            return loaded;
        }
        OidcSession session = loaded.get();
        if (session.tokens().refresh().isEmpty()) {
            if (refresher.isExpired(session.tokens())) {
                LOG.log(System.Logger.Level.INFO, "OIDC session of subject {0} ended: access token expired and "
                        + "there is no refresh token (add offline_access to scope to refresh)",
                        session.principal().subject());
                store.clear(request);
                return Optional.empty();
            }
            return loaded;
        }
        HttpSession httpSession = request.getSession(false);
        ReentrantLock lock = locks[Math.floorMod(httpSession == null ? 0 : httpSession.getId().hashCode(), STRIPES)];
        boolean locked = false;
        try {
            locked = lock.tryLock(lockWait.toMillis(), TimeUnit.MILLISECONDS);
            if (!locked) {
                return stillValidOr503(session, "another request's refresh of this session is still running");
            }
            Optional<OidcSession> reread = store.load(request);
            if (reread.isEmpty() || !refresher.isDue(reread.get().tokens())) {
                return reread;
            }
            return Optional.of(refresh(request, reread.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stillValidOr503(session, "interrupted while waiting for a refresh");
        } catch (SessionEnded ended) {
            return Optional.empty();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private OidcSession refresh(HttpServletRequest request, OidcSession session) {
        try {
            TokenRefresher.Refreshed refreshed = refresher.refresh(session.tokens(), session.principal().subject(),
                    session.claims());
            OidcSession updated = factory.refreshed(session, refreshed);
            store.update(request, updated);
            return updated;
        } catch (OidcException e) {
            if (e.code() == ErrorCode.OP_ERROR || e.code() == ErrorCode.INVALID_ID_TOKEN) {
                LOG.log(System.Logger.Level.WARNING, "OIDC session of subject {0} ended: refresh refused: {1}",
                        session.principal().subject(), e.logLine());
                store.clear(request);
                throw new SessionEnded();
            }
            LOG.log(System.Logger.Level.WARNING, "OIDC refresh failed, keeping the current access token while it "
                    + "is valid: {0}", e.logLine());
            return stillValidOr503(session, e.description()).orElseThrow();
        }
    }

    private Optional<OidcSession> stillValidOr503(OidcSession session, String cause) {
        if (!refresher.isExpired(session.tokens())) {
            return Optional.of(session);
        }
        throw OidcException.unavailable("access token expired and could not be refreshed: " + cause,
                RETRY_AFTER_SECONDS, null);
    }

    /** The refresh ended the session. */
    private static final class SessionEnded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionEnded() {
            super(null, null, false, false);
        }
    }
}
