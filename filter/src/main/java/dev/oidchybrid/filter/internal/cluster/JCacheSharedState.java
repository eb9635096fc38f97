package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.JCacheSettings;
import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link SharedState} in a JCache (JSR-107) cluster ({@code shared-state=jcache}): Infinispan, Hazelcast,
 * Ehcache or any other provider. Only JDK types are stored (strings and longs), so no application class has to
 * be known to the cluster; keys are hashes where the value they are derived from is sensitive. The caches are
 * created with their expiry when they do not exist yet; operators may define them beforehand (e.g. with backups
 * and near caches) under the same names.
 *
 * <ul>
 *   <li>{@code <prefix>revocations}: logout key to epoch milliseconds, expiring after the retention;</li>
 *   <li>{@code <prefix>locks}: session id to owner, taken with {@code putIfAbsent} and expiring after the lease,
 *       so a node that dies while refreshing blocks its session for one lease at most;</li>
 *   <li>{@code <prefix>refreshed}: refresh results (sealed), expiring after two minutes;</li>
 *   <li>{@code <prefix>used}: hashes of used login states and logout token ids.</li>
 * </ul>
 * Any failure of the cluster surfaces as {@code op_unavailable} (503 with Retry-After), never as a session.
 */
public final class JCacheSharedState {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    private static final long RETRY_AFTER_SECONDS = 5;

    private final JCacheCaches caches;
    private final CacheManager manager;
    private final Clock clock;
    private final Duration lease;
    private final Cache<Object, Object> revocationCache;
    /** What this node read of the revocations lately, "none" included: nearly every check finds none. */
    private final NearCache revocationsRead;
    private final Duration nearCacheTtl;
    private final List<NearCache> nearCaches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Cache<Object, Object> lockCache;
    private final Cache<Object, Object> resultCache;
    private final Cache<Object, Object> usedCache;
    private final Cache<Object, Object> usedLogoutTokenCache;

    private final Revocations revocations = new Revocations() {
        @Override
        public void record(LogoutRequest logout) {
            String key = logout.sid() != null ? Revocations.sidKey(logout.issuer(), logout.sid())
                    : Revocations.subKey(logout.issuer(), logout.subject());
            long now = clock.millis();
            put(Sealer.sha256(key), now);
            if (logout.sid() != null && logout.subject() != null) {
                put(Sealer.sha256(Revocations.subWithoutSidKey(logout.issuer(), logout.subject())), now);
            }
        }

        @Override
        public void revokeSubject(String issuer, String subject) {
            put(Sealer.sha256(Revocations.subKey(issuer, subject)), clock.millis());
        }

        @Override
        public void revokeSid(String issuer, String sid) {
            put(Sealer.sha256(Revocations.sidBeforeKey(issuer, sid)), clock.millis());
        }

        @Override
        public void revokeSession(String sessionId) {
            put(Sealer.sha256(Revocations.sessionKey(sessionId)), clock.millis());
        }

        /** Records a revocation in the cluster; this node's copy of the key goes at once, the others' by event. */
        private void put(String key, long at) {
            run(() -> revocationCache.put(key, at));
            revocationsRead.invalidate(key);
        }

        @Override
        public boolean isLoggedOut(RevocationCheck session) {
            String issuer = session.issuer();
            String subKey = Sealer.sha256(Revocations.subKey(issuer, session.subject()));
            // the subject-wide keys end only sessions that began before the logout; the others end any
            Set<String> byTime = new java.util.HashSet<>(List.of(subKey));
            List<String> keys = new ArrayList<>(List.of(subKey));
            if (session.sid() != null) {
                keys.add(Sealer.sha256(Revocations.sidKey(issuer, session.sid())));
                String sidBefore = Sealer.sha256(Revocations.sidBeforeKey(issuer, session.sid()));
                keys.add(sidBefore);
                byTime.add(sidBefore);
            } else {
                String withoutSid = Sealer.sha256(Revocations.subWithoutSidKey(issuer, session.subject()));
                keys.add(withoutSid);
                byTime.add(withoutSid);
            }
            if (session.sessionId() != null) {
                keys.add(Sealer.sha256(Revocations.sessionKey(session.sessionId())));
            }
            Map<Object, Object> found = call(() -> revocationsRead.getAll(new java.util.HashSet<>(keys)));
            for (Map.Entry<Object, Object> entry : found.entrySet()) {
                if (!byTime.contains(entry.getKey())) {
                    return true;
                }
                if (entry.getValue() instanceof Long at && session.loggedInAt() != null
                        && !session.loggedInAt().isAfter(Instant.ofEpochMilli(at))) {
                    return true;
                }
            }
            return false;
        }
    };

    private final RefreshLocks locks = new RefreshLocks() {
        @Override
        public Optional<Lease> acquire(String sessionId, Duration wait) throws InterruptedException {
            String key = Sealer.sha256(sessionId);
            String owner = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + wait.toNanos();
            long pause = 10;
            while (true) {
                if (call(() -> lockCache.putIfAbsent(key, owner))) {
                    return Optional.of(() -> {
                        try {
                            lockCache.remove(key, owner);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "OIDC refresh lock not released ({0}); it ends with "
                                    + "its lease of {1} s", e.getClass().getSimpleName(), lease.toSeconds());
                        }
                    });
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                pause = Math.min(pause * 2, 100);
            }
        }
    };

    private final RefreshResults results = new RefreshResults() {
        @Override
        public void publish(String key, String sealedSession) {
            run(() -> resultCache.put(Sealer.sha256(key), sealedSession));
        }

        @Override
        public Optional<String> find(String key) {
            return Optional.ofNullable(call(() -> resultCache.get(Sealer.sha256(key)))).map(String.class::cast);
        }
    };

    private final UsedStates usedStates;
    private final UsedStates usedLogoutTokens;

    private UsedStates usedIn(Cache<Object, Object> cache) {
        return (value, expiresAt, now) -> call(() -> cache.putIfAbsent(Sealer.sha256(value), expiresAt.toEpochMilli()));
    }

    /**
     * Opens the cache manager and the caches.
     *
     * @param lease how long a refresh lock holds at most
     * @param revocationRetention how long logouts are remembered
     * @param usedRetention how long used one-time values are remembered
     * @throws OidcException {@code invalid_configuration} when the provider or its configuration cannot be loaded
     */
    public JCacheSharedState(JCacheSettings settings, Clock clock, Duration lease, Duration revocationRetention,
                             Duration usedRetention) {
        JCacheCaches caches = new JCacheCaches(settings);
        this.caches = caches;
        this.manager = caches.open();
        this.clock = clock;
        this.lease = lease;
        this.revocationCache = caches.cache(manager, "revocations", CreatedExpiryPolicy.factoryOf(
                JCacheCaches.duration(revocationRetention)));
        this.nearCacheTtl = settings.nearCache();
        this.revocationsRead = near(revocationCache, true);
        this.lockCache = caches.cache(manager, "locks", CreatedExpiryPolicy.factoryOf(JCacheCaches.duration(lease)));
        this.resultCache = caches.cache(manager, "refreshed", CreatedExpiryPolicy.factoryOf(
                JCacheCaches.duration(SharedStates.REFRESH_RESULT_RETENTION)));
        this.usedCache = caches.cache(manager, "used", CreatedExpiryPolicy.factoryOf(
                JCacheCaches.duration(usedRetention)));
        this.usedLogoutTokenCache = caches.cache(manager, "used-logout-tokens", CreatedExpiryPolicy.factoryOf(
                JCacheCaches.duration(usedRetention)));
        this.usedStates = usedIn(usedCache);
        this.usedLogoutTokens = usedIn(usedLogoutTokenCache);
    }

    /** The sessions' cache, for the {@code jcache} session store: each read or write moves its expiry on. */
    public Cache<Object, Object> sessionCache(Duration timeout) {
        return caches.cache(manager, "sessions", JCacheCaches.touched(timeout));
    }

    /**
     * What this node read lately of the sessions' cache ({@code jcache-near-cache}): a session in use is read from
     * the cluster (and its expiry moved on there) once per near-cache lifetime, or at once after a change.
     */
    public NearCache sessionsRead(Cache<Object, Object> sessions) {
        return near(sessions, false);
    }

    private NearCache near(Cache<Object, Object> cache, boolean keepAbsent) {
        NearCache near = NearCache.open(cache, clock, nearCacheTtl, keepAbsent);
        nearCaches.add(near);
        return near;
    }

    /** Whether the cluster answers one cheap read, for health checks (which bound its time). */
    public boolean reachable() {
        return JCacheCaches.reachable(revocationCache);
    }

    /** The shared state these caches hold; closing it closes the cache manager. */
    public SharedState state() {
        return new SharedState(revocations, locks, results, usedStates, usedLogoutTokens, this::close);
    }

    private void close() {
        nearCaches.forEach(NearCache::close);
        try {
            manager.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC JCache cache manager did not close cleanly: {0}", e.toString());
        }
    }

    /** Runs a cache operation; a failing cluster becomes a 503 for the request, with one log line. */
    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Calls a cache operation; a failing cluster becomes a 503 for the request, with one log line. */
    public static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (CacheException | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "OIDC shared state (JCache) unavailable: {0}: {1}",
                    e.getClass().getSimpleName(), e.getMessage());
            throw OidcException.unavailable("the session store (JCache) is unavailable", RETRY_AFTER_SECONDS, null);
        }
    }
}
