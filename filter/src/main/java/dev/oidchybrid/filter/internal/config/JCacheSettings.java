package dev.oidchybrid.filter.internal.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JCache (JSR-107) cluster that holds sessions with {@code session-store=jcache} and shared state with
 * {@code shared-state=jcache}.
 *
 * @param provider   the {@code CachingProvider} class name, or empty for the only one on the class path
 * @param uri        the provider's configuration URI, or empty for its default
 * @param properties properties for the provider's cache manager, in order
 * @param prefix     the prefix of every cache name
 * @param nearCache  how long a node keeps what it read of sessions and revocations when no change is reported
 *                   (zero: every request reads the cluster)
 */
public record JCacheSettings(Optional<String> provider, Optional<String> uri, Map<String, String> properties,
                             String prefix, Duration nearCache) {

    /** The near cache's default lifetime, in seconds. */
    public static final long NEAR_CACHE_SECONDS = 5;

    public JCacheSettings {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** With the default near cache. */
    public JCacheSettings(Optional<String> provider, Optional<String> uri, Map<String, String> properties,
                          String prefix) {
        this(provider, uri, properties, prefix, Duration.ofSeconds(NEAR_CACHE_SECONDS));
    }

    /** Property names only: a value may be a password. */
    @Override
    public String toString() {
        return "JCacheSettings[provider=" + provider + ", uri=" + uri + ", properties=" + properties.keySet()
                + ", prefix=" + prefix + ", nearCache=" + nearCache + "]";
    }

    static JCacheSettings parse(ParamReader reader) {
        return new JCacheSettings(reader.optional(InitParam.JCACHE_PROVIDER), reader.uri(InitParam.JCACHE_URI),
                reader.pairs(InitParam.JCACHE_PROPERTIES), reader.value(InitParam.JCACHE_PREFIX),
                reader.seconds(InitParam.JCACHE_NEAR_CACHE, 0, 60));
    }
}
