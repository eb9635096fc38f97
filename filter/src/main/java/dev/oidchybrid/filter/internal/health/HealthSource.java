package dev.oidchybrid.filter.internal.health;

import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadataSource;
import dev.oidchybrid.filter.internal.selfcheck.Finding;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads one filter instance's state into a {@link HealthReport}. Asking may start a discovery or a JWKS fetch when
 * they are due, within the limits requests have too (discovery's back-off, the key set's refetch intervals), and a
 * JCache probe at most once per {@link CacheProbe}'s ttl: a health poller adds no load of its own.
 */
public final class HealthSource {

    private final Clock clock;
    private final ProviderMetadataSource metadata;
    private final JwksKeyResolver keys;
    private final ProviderErrors errors;
    private final Optional<CacheProbe> jcache;
    private final Supplier<List<Finding>> findings;

    /**
     * @param jcache   the probe of the JCache cluster, when one is configured
     * @param findings the self-check's findings (empty until discovery succeeded)
     */
    public HealthSource(Clock clock, ProviderMetadataSource metadata, JwksKeyResolver keys, ProviderErrors errors,
                        Optional<CacheProbe> jcache, Supplier<List<Finding>> findings) {
        this.clock = clock;
        this.metadata = metadata;
        this.keys = keys;
        this.errors = errors;
        this.jcache = jcache;
        this.findings = findings;
    }

    public HealthReport report() {
        Instant discoveredAt = discover();
        JwksKeyResolver.KeySetState jwks = discoveredAt == null ? new JwksKeyResolver.KeySetState(null, 0)
                : keys.state();
        return new HealthReport(clock.instant(), discoveredAt, jwks, errors.last(),
                jcache.map(CacheProbe::reachable), findings.get());
    }

    /** When discovery succeeded, trying it first when it has not and is due; null while it fails. */
    private Instant discover() {
        if (metadata.peek() == null) {
            try {
                metadata.get();
            } catch (RuntimeException e) {
                // logged by the metadata source and recorded as the last provider error
            }
        }
        return metadata.discoveredAt();
    }
}
