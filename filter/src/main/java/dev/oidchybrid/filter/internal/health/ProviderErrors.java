package dev.oidchybrid.filter.internal.health;

import dev.oidchybrid.filter.internal.OidcException;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The last failure of a call to the provider (discovery, JWKS, token and pushed authorization requests), for the
 * health report: its code and when it happened, never its description (which may name URLs or parts of the
 * provider's answer). The composition root passes each provider call through {@link #recorded}.
 */
public final class ProviderErrors {

    private final Clock clock;
    private volatile LastError last;

    public ProviderErrors(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param code          the filter's error code ({@code op_timeout}, {@code op_error}, ...)
     * @param providerError the provider's OAuth error code ({@code invalid_grant}, ...), restricted to
     *                      {@code [A-Za-z0-9_.-]}, or null
     * @param at            when it happened
     */
    public record LastError(String code, String providerError, Instant at) {
    }

    /** Runs a call to the provider; a failure is recorded and rethrown. */
    public <T> T recorded(Supplier<T> call) {
        try {
            return call.get();
        } catch (OidcException e) {
            record(e);
            throw e;
        }
    }

    public void record(OidcException failure) {
        last = new LastError(failure.code().value(), failure.providerError().orElse(null), clock.instant());
    }

    public Optional<LastError> last() {
        return Optional.ofNullable(last);
    }
}
