package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.RefreshLocks;
import dev.oidchybrid.filter.internal.cluster.SharedState;
import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.observe.Telemetry.RefreshOutcome;
import dev.oidchybrid.filter.internal.observe.Telemetry.WaitOutcome;
import dev.oidchybrid.filter.internal.token.TokenRefresher;
import dev.oidchybrid.filter.internal.token.TokenRenewal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives each request a session that no logout has ended and whose access token is valid, refreshing first
 * when it is due. Single-flight per session, across nodes when the shared state is: however many requests of
 * one session arrive at once, one takes the session's refresh lock and sends the refresh grant; the others wait
 * (bounded), then take the result the refresh published under the refresh token they hold, or re-read the
 * session, so a provider that rotates refresh tokens never sees an old one twice. A refused refresh (e.g.
 * {@code invalid_grant}) or an unacceptable new ID token ends the session; an unreachable provider is tolerated
 * while the access token is still valid, then answered 503. After a refresh failed because the provider is down
 * or too slow, no due session of this node sends another for {@link #HOLD_OFF}: a provider that is down gets one
 * attempt per interval instead of one per request, and the log one line.
 */
public final class SessionRefresh {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    public static final long RETRY_AFTER_SECONDS = 30;
    /** How long after a refresh failed for the provider's sake no other refresh is sent from this node. */
    public static final Duration HOLD_OFF = Duration.ofSeconds(5);

    private final SessionFactory factory;
    private final SharedState shared;
    private final SessionCodec codec;
    private final TokenRenewal refresher;
    private final Clock clock;
    private final Duration lockWait;
    private final Duration maxAge;
    private final long maxAgeMillis;
    private final Telemetry telemetry;
    /** Until when (epoch milliseconds) refreshes are held off after a provider failure; 0 when none failed. */
    private final AtomicLong heldOffUntil = new AtomicLong();

    /**
     * @param maxAge    {@code session-max-age}: how long after its login a session ends, however active
     * @param telemetry told of each refresh grant's outcome and of each request that found another's refresh
     */
    public SessionRefresh(SessionFactory factory, SharedState shared, SessionCodec codec, TokenRenewal refresher,
                          Clock clock, Duration lockWait, Duration maxAge, Telemetry telemetry) {
        this.maxAge = maxAge;
        this.maxAgeMillis = maxAge.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE
                : Math.max(0, maxAge.toMillis());
        this.telemetry = telemetry;
        this.factory = factory;
        this.shared = shared;
        this.codec = codec;
        this.refresher = refresher;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    /**
     * The request's session, refreshed if due; empty when there is none or it just ended.
     *
     * @throws OidcException {@code op_unavailable} when the access token expired and the provider cannot refresh it
     */
    public Optional<OidcSession> current(RequestSession store) {
        Optional<LoadedSession> read = store.load();
        Optional<OidcSession> loaded = read.map(LoadedSession::session);
        if (loaded.isPresent() && shared.revocations().isLoggedOut(loaded.get().revocationCheck())) {
            LOG.log(System.Logger.Level.INFO, "OIDC session of subject {0} ended by a logout (a back-channel logout, "
                    + "a revocation by the application, or a logout or refused refresh of this session on another "
                    + "request or node)",
                    loaded.get().principal().subject());
            store.clear();
            return Optional.empty();
        }
        if (loaded.isPresent() && pastMaxAge(loaded.get())) {
            LOG.log(System.Logger.Level.INFO, "OIDC session of subject {0} ended: logged in more than "
                    + "session-max-age ({1} s) ago", loaded.get().principal().subject(), maxAge.toSeconds());
            store.clear();
            return Optional.empty();
        }
        if (loaded.isEmpty() || !refresher.isDue(loaded.get().tokens())) {
            read.ifPresent(store::touch);
            return loaded;
        }
        OidcSession session = loaded.get();
        if (session.tokens().refresh().isEmpty()) {
            if (refresher.isExpired(session.tokens())) {
                LOG.log(System.Logger.Level.INFO, "OIDC session of subject {0} ended: access token expired and "
                        + "there is no refresh token (add offline_access to scope to refresh)",
                        session.principal().subject());
                store.clear();
                return Optional.empty();
            }
            store.touch(read.get());
            return loaded;
        }
        long holdOff = heldOffUntil.get() - clock.millis();
        if (holdOff > 0) {
            telemetry.refreshed(RefreshOutcome.HELD_OFF);
            store.touch(read.get());
            return stillValidOr503(session, "the provider failed a refresh moments ago; the next attempt in "
                    + Math.max(1, holdOff / 1000) + " s", Math.max(1, (holdOff + 999) / 1000));
        }
        Optional<RefreshLocks.Lease> lease;
        try {
            lease = shared.refreshLocks().acquire(session.id() == null ? "" : session.id(), lockWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stillValidOr503(session, "interrupted while waiting for a refresh");
        }
        if (lease.isEmpty()) {
            telemetry.refreshWaited(WaitOutcome.TIMED_OUT);
            return stillValidOr503(session, "another request's refresh of this session is still running");
        }
        try (RefreshLocks.Lease held = lease.get()) {
            if (shared.revocations().isLoggedOut(session.revocationCheck())) {
                // the refresh this request waited for was refused (on any node): the session is over
                telemetry.refreshWaited(WaitOutcome.SESSION_ENDED);
                store.clear();
                return Optional.empty();
            }
            Optional<OidcSession> handedOver = shared.refreshResults().find(resultKey(session))
                    .flatMap(codec::unseal).map(LoadedSession::session);
            if (handedOver.isPresent()) {
                telemetry.refreshWaited(WaitOutcome.HANDED_OVER);
                store.update(handedOver.get());
                return handedOver;
            }
            Optional<LoadedSession> reread = store.load();
            if (reread.isEmpty() || !refresher.isDue(reread.get().session().tokens())) {
                telemetry.refreshWaited(WaitOutcome.REREAD);
                reread.ifPresent(store::touch);
                return reread.map(LoadedSession::session);
            }
            return Optional.of(refresh(store, reread.get().session()));
        } catch (SessionEnded ended) {
            return Optional.empty();
        }
    }

    /** Whether the session's login is older than session-max-age (or of unknown age: fail closed). */
    private boolean pastMaxAge(OidcSession session) {
        if (session.loggedInAt() == null) {
            return true;
        }
        // checked on every request: milliseconds, no Instant made (a login within a millisecond ends that much early)
        try {
            return Math.subtractExact(clock.millis(), session.loggedInAt().toEpochMilli()) >= maxAgeMillis;
        } catch (ArithmeticException beyondMilliseconds) {
            return true;
        }
    }

    /** Where a refresh that used up {@code session}'s refresh token leaves its result. */
    private static String resultKey(OidcSession session) {
        return session.id() + '\u0000' + Sealer.sha256(session.tokens().refreshToken());
    }

    private OidcSession refresh(RequestSession store, OidcSession session) {
        TokenRefresher.Refreshed refreshed;
        try {
            refreshed = refresher.refresh(session.tokens(), session.principal().subject(),
                    // the ID token's own claims, not the merged ones: a claim UserInfo no longer returns must go
                    SessionCodec.idTokenClaims(session.tokens().idToken()));
        } catch (OidcException e) {
            telemetry.refreshed(outcome(e));
            if (e.code() == ErrorCode.OP_ERROR || e.code() == ErrorCode.INVALID_ID_TOKEN) {
                LOG.log(System.Logger.Level.WARNING, "OIDC session of subject {0} ended: refresh refused: {1}",
                        session.principal().subject(), e.logLine());
                // requests waiting for this refresh, here or on other nodes, see the end instead of trying again
                shared.revocations().revokeSession(session.id());
                telemetry.sessionsRevoked(Telemetry.RevocationSource.REFRESH_REFUSED);
                store.clear();
                throw new SessionEnded();
            }
            boolean providerDown = e.code() == ErrorCode.OP_UNAVAILABLE || e.code() == ErrorCode.OP_TIMEOUT;
            if (providerDown) {
                // only a provider that is down holds everyone off: an answer unusable for one user's tokens (its
                // UserInfo refusing them, say) must not let that user deny the refreshes of all the others
                heldOffUntil.set(clock.millis() + HOLD_OFF.toMillis());
            }
            LOG.log(System.Logger.Level.WARNING, "OIDC refresh failed, keeping the current access token while it "
                    + "is valid{0}: {1}", providerDown ? "; no refresh is sent from this node for "
                    + HOLD_OFF.toSeconds() + " s" : "", e.logLine());
            // the next attempt is after the hold-off: that is when to come back
            return stillValidOr503(session, e.description(), HOLD_OFF.toSeconds()).orElseThrow();
        }
        telemetry.refreshed(RefreshOutcome.OK);
        OidcSession updated = factory.refreshed(session, refreshed);
        // published before the store is updated: a request that read the old session meanwhile finds it
        shared.refreshResults().publish(resultKey(session), codec.seal(updated, clock.instant()));
        store.update(updated);
        return updated;
    }

    private static RefreshOutcome outcome(OidcException e) {
        return switch (e.code()) {
            case OP_ERROR -> e.providerError().filter("invalid_grant"::equals).isPresent()
                    ? RefreshOutcome.INVALID_GRANT : RefreshOutcome.REFUSED;
            case INVALID_ID_TOKEN -> RefreshOutcome.INVALID_ID_TOKEN;
            case OP_UNAVAILABLE, OP_TIMEOUT -> RefreshOutcome.PROVIDER_DOWN;
            default -> RefreshOutcome.FAILED;
        };
    }

    private Optional<OidcSession> stillValidOr503(OidcSession session, String cause) {
        return stillValidOr503(session, cause, RETRY_AFTER_SECONDS);
    }

    private Optional<OidcSession> stillValidOr503(OidcSession session, String cause, long retryAfterSeconds) {
        if (!refresher.isExpired(session.tokens())) {
            return Optional.of(session);
        }
        throw OidcException.unavailable("access token expired and could not be refreshed: " + cause,
                retryAfterSeconds, null);
    }

    /** The refresh ended the session. */
    private static final class SessionEnded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionEnded() {
            super(null, null, false, false);
        }
    }
}
