package dev.oidchybrid.filter.internal.config;

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
 */
public record JCacheSettings(Optional<String> provider, Optional<String> uri, Map<String, String> properties,
                             String prefix) {

    public JCacheSettings {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Property names only: a value may be a password. */
    @Override
    public String toString() {
        return "JCacheSettings[provider=" + provider + ", uri=" + uri + ", properties=" + properties.keySet()
                + ", prefix=" + prefix + "]";
    }

    static JCacheSettings parse(ParamReader reader) {
        return new JCacheSettings(reader.optional(InitParam.JCACHE_PROVIDER), reader.uri(InitParam.JCACHE_URI),
                reader.pairs(InitParam.JCACHE_PROPERTIES), reader.value(InitParam.JCACHE_PREFIX));
    }
}
