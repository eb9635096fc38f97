package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.OidcException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bulkhead in front of the pushed authorization request endpoint, as {@code BoundedTokenClient} is for the
 * token endpoint: at most {@code max-provider-calls} pushes of this filter run at once, in a pool of their own.
 * Every anonymous visit to a protected page costs an authenticated request to the provider, so a flood of them
 * could otherwise hold every request thread for up to connect + read timeout; past the bound a login waits
 * briefly, then gets 503 with {@code Retry-After}.
 */
public final class BoundedParClient implements ParClient {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final ParClient delegate;
    private final Semaphore permits;
    private final int max;
    private final Duration wait;

    /**
     * @param delegate the client that sends the requests
     * @param max      most concurrent pushes
     * @param wait     how long a push waits for a free slot before it is refused
     */
    public BoundedParClient(ParClient delegate, int max, Duration wait) {
        this.delegate = delegate;
        this.permits = new Semaphore(max);
        this.max = max;
        this.wait = wait;
    }

    @Override
    public PushedAuthorizationResponse push(String endpoint, Map<String, String> params) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            LOG.log(System.Logger.Level.WARNING, "OIDC pushed authorization request refused: {0} are already running "
                    + "(max-provider-calls); a slow provider or a flood of anonymous visits is the usual cause", max);
            throw OidcException.unavailable("too many concurrent pushed authorization requests (max-provider-calls "
                    + max + ")", 1, null);
        }
        try {
            return delegate.push(endpoint, params);
        } finally {
            permits.release();
        }
    }
}
