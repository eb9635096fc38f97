package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.OidcException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Holds the provider's metadata once discovered. A provider that is down at start-up must not fail the
 * deployment: until discovery succeeds, {@link #get()} retries at most once per backoff period (doubling
 * up to a cap) and otherwise fails fast with {@code op_unavailable} and a Retry-After, so requests get a
 * 503 instead of hammering the provider.
 */
public final class ProviderMetadataSource {

    private static final System.Logger LOG = System.getLogger(ProviderMetadataSource.class.getName());

    private final Supplier<ProviderMetadata> discovery;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private volatile ProviderMetadata metadata;
    private volatile Instant discoveredAt;
    private Instant nextAttempt = Instant.MIN;
    private Duration backoff;

    public ProviderMetadataSource(Supplier<ProviderMetadata> discovery, Clock clock, Duration initialBackoff,
                                  Duration maxBackoff) {
        this.discovery = discovery;
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = initialBackoff;
    }

    /**
     * The metadata, discovering it first if needed.
     *
     * @throws OidcException {@code op_unavailable} with a Retry-After while discovery keeps failing
     */
    public ProviderMetadata get() {
        ProviderMetadata current = metadata;
        if (current != null) {
            return current;
        }
        return discoverIfDue();
    }

    /** The metadata if discovery has succeeded, without trying. */
    public ProviderMetadata peek() {
        return metadata;
    }

    /** When discovery succeeded (it is not repeated after that), or null while it has not. */
    public Instant discoveredAt() {
        return discoveredAt;
    }

    private synchronized ProviderMetadata discoverIfDue() {
        if (metadata != null) {
            return metadata;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw OidcException.unavailable("provider discovery failed earlier; next attempt at " + nextAttempt,
                    Duration.between(now, nextAttempt).toSeconds() + 1, null);
        }
        try {
            ProviderMetadata discovered = discovery.get();
            discoveredAt = now;
            metadata = discovered;
            LOG.log(System.Logger.Level.INFO, "OpenID Provider discovered: issuer {0}", metadata.issuer());
            return metadata;
        } catch (OidcException e) {
            nextAttempt = now.plus(backoff);
            long retryAfter = backoff.toSeconds();
            LOG.log(System.Logger.Level.ERROR, "OpenID Provider discovery failed, retrying in {0} s: {1}",
                    retryAfter, e.logLine());
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            throw OidcException.unavailable("provider discovery failed: " + e.description(), retryAfter, e);
        }
    }

    Duration currentBackoff() {
        return backoff;
    }

    Duration initialBackoff() {
        return initialBackoff;
    }
}
