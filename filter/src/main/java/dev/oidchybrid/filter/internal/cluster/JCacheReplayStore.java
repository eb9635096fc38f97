package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.config.JCacheSettings;
import dev.oidchybrid.filter.internal.crypto.Sealer;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import java.time.Duration;

/**
 * A {@link ReplayStore} in the JCache cluster: the cache {@code <prefix><name>} holds hashes of the used values,
 * each expiring after the retention, taken with {@code putIfAbsent} so two nodes never both accept one value.
 */
final class JCacheReplayStore {

    private JCacheReplayStore() {
    }

    static ReplayStore open(JCacheSettings settings, String name, Duration retention) {
        JCacheCaches caches = new JCacheCaches(settings);
        CacheManager manager = caches.open();
        try {
            Cache<Object, Object> cache = caches.cache(manager, name, CreatedExpiryPolicy.factoryOf(
                    JCacheCaches.duration(retention)));
            UsedStates used = (value, expiresAt, now) -> JCacheSharedState.call(
                    () -> cache.putIfAbsent(Sealer.sha256(value), expiresAt.toEpochMilli()));
            return new ReplayStore(used, manager::close, () -> JCacheCaches.reachable(cache));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
