package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.JCacheSettings;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens the cache manager and the named caches that the {@code jcache-*} settings describe. */
final class JCacheCaches {

    /** Read by {@link #reachable}; never written (stored keys are hashes, which cannot take this form). */
    private static final String PROBE_KEY = "oidc-health-probe";

    private final JCacheSettings settings;

    JCacheCaches(JCacheSettings settings) {
        this.settings = settings;
    }

    CacheManager open() {
        // the application's class loader (the context loader during filter init): cache managers are per
        // class loader, so applications sharing a filter jar in the server's lib still get their own
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : JCacheCaches.class.getClassLoader();
        try {
            CachingProvider provider = settings.provider().isPresent()
                    ? Caching.getCachingProvider(settings.provider().get(), loader)
                    : Caching.getCachingProvider(loader);
            URI configUri = settings.uri().map(URI::create).orElse(provider.getDefaultURI());
            java.util.Properties props = new java.util.Properties();
            props.putAll(settings.properties());
            // the provider's own default class loader: some providers (Hazelcast) make any other loader, like
            // the URI, part of every cache name, which would keep the nodes of a cluster apart
            return provider.getCacheManager(configUri, provider.getDefaultClassLoader(), props);
        } catch (CacheException | IllegalArgumentException | IllegalStateException e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION,
                    "JCache could not be opened (jcache-provider " + settings.provider().orElse("(default)")
                            + ", jcache-uri " + settings.uri().orElse("(default)") + "): " + rootMessage(e), "", e);
        }
    }

    /** The named cache, created with {@code expiry} unless it exists (then it is used as configured). */
    Cache<Object, Object> cache(CacheManager manager, String name,
                                       javax.cache.configuration.Factory<? extends ExpiryPolicy> expiry) {
        String fullName = settings.prefix() + name;
        try {
            Cache<Object, Object> cache = manager.getCache(fullName);
            if (cache != null) {
                return cache;
            }
            try {
                return manager.createCache(fullName, new MutableConfiguration<>()
                        .setExpiryPolicyFactory(expiry)
                        .setStoreByValue(true)
                        .setStatisticsEnabled(false));
            } catch (CacheException alreadyCreatedByAnotherNode) {
                Cache<Object, Object> existing = manager.getCache(fullName);
                if (existing == null) {
                    throw alreadyCreatedByAnotherNode;
                }
                return existing;
            }
        } catch (CacheException | IllegalStateException e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION,
                    "JCache cache " + fullName + " could not be opened: " + rootMessage(e), "", e);
        }
    }

    /**
     * Whether the cluster answers one cheap read ({@code containsKey} of a key never written): for health checks,
     * which bound its time themselves.
     */
    static boolean reachable(Cache<Object, Object> cache) {
        try {
            cache.containsKey(PROBE_KEY);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static javax.cache.expiry.Duration duration(Duration duration) {
        return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, Math.max(1, duration.toMillis()));
    }

    /** Touched expiry, for sessions: each read or write moves the end on. */
    public static javax.cache.configuration.Factory<ExpiryPolicy> touched(Duration duration) {
        return TouchedExpiryPolicy.factoryOf(duration(duration));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
