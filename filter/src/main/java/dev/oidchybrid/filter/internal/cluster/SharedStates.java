package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.SessionSettings;
import dev.oidchybrid.filter.internal.config.SharedStateKind;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator;

import java.time.Clock;
import java.time.Duration;

/**
 * Builds the {@code shared-state} a configuration asks for. JCache classes are only
 * touched when JCache is configured, so the JCache API is needed on the class path only then.
 */
public final class SharedStates {

    /** How long a refresh result waits for the requests that queued behind the refresh. */
    public static final Duration REFRESH_RESULT_RETENTION = Duration.ofMinutes(2);

    private SharedStates() {
    }

    /**
     * The shared state the configuration asks for ({@code shared-state}).
     *
     * @param lease the longest a refresh may hold its session's lock
     * @throws OidcException {@code invalid_configuration} when JCache is configured but cannot be opened
     */
    public static SharedState create(SessionSettings session, Clock clock, Duration lease) {
        if (session.sharedState() == SharedStateKind.JCACHE) {
            return openJCache(session, clock, lease).state();
        }
        return LocalSharedState.create(clock, revocationRetention(session));
    }

    /** The JCache shared state, whose cache manager the {@code jcache} session store opens its cache with. */
    public static JCacheSharedState openJCache(SessionSettings session, Clock clock, Duration lease) {
        requireJCacheApi();
        return new JCacheSharedState(session.jcache(), clock, lease, revocationRetention(session),
                session.loginTimeout().plus(LogoutTokenValidator.MAX_AGE).plusMinutes(10));
    }

    /**
     * The used DPoP proofs of bearer mode (RFC 9449 §11.1): in this node's memory, or in the JCache cluster with
     * {@code shared-state=jcache} (cache {@code <prefix>used-dpop-proofs}), so a proof replayed to another node is
     * refused too. A full local store refuses new proofs rather than forget live ones: only a client holding a
     * valid token and its key can add entries.
     *
     * @param retention how long a used proof must be remembered
     * @throws OidcException {@code invalid_configuration} when JCache is configured but cannot be opened
     */
    public static ReplayStore dpopProofs(SessionSettings session, Duration retention) {
        if (session.sharedState() == SharedStateKind.JCACHE) {
            requireJCacheApi();
            return JCacheReplayStore.open(session.jcache(), "used-dpop-proofs", retention);
        }
        return new ReplayStore(new LocalUsedStates("DPoP proofs", 100_000, LocalUsedStates.WhenFull.REFUSE), () -> { });
    }

    /**
     * How long revocations are remembered: longer than a revoked session could still be presented, which is its
     * inactivity timeout (the {@code cookie} store counts it to the minute; twice it, and at least a day, as before)
     * and at most its absolute lifetime ({@code session-max-age}, which also bounds {@code http-session} sessions,
     * whose container timeout the filter does not know), with a margin for the nodes' clocks.
     */
    static Duration revocationRetention(SessionSettings session) {
        return max(max(Duration.ofHours(24), session.timeout().multipliedBy(2)), session.maxAge().plusMinutes(10));
    }

    private static void requireJCacheApi() {
        try {
            Class.forName("javax.cache.Caching", false, SharedStates.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "session-store=jcache / shared-state=jcache need "
                    + "the JCache API (javax.cache:cache-api) and a provider (Infinispan, Hazelcast, Ehcache, ...) on "
                    + "the class path of the application or the server", "");
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
