package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.OidcException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bulkhead in front of the token endpoint: at most {@code max-provider-calls} code exchanges and as many
 * refreshes of this filter run at once. A callback costs an authenticated token request, and a state is free to get, so a flood of forged
 * callbacks could otherwise hold every request thread for up to connect + read timeout and spend the client's rate
 * limit at the provider; past the bound a request waits briefly, then gets 503 with {@code Retry-After}.
 */
public final class BoundedTokenClient implements TokenClient {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final TokenClient delegate;
    /** Code exchanges and refreshes each have a pool: a flood of forged callbacks cannot starve refreshes. */
    private final Semaphore exchanges;
    private final Semaphore refreshes;
    private final int max;
    private final Duration wait;

    /**
     * @param delegate the client that sends the requests
     * @param max      most concurrent token requests
     * @param wait     how long a request waits for a free slot before it is refused
     */
    public BoundedTokenClient(TokenClient delegate, int max, Duration wait) {
        this.delegate = delegate;
        this.exchanges = new Semaphore(max);
        this.refreshes = new Semaphore(max);
        this.max = max;
        this.wait = wait;
    }

    @Override
    public TokenResponse redeemCode(String tokenEndpoint, String code, String redirectUri, String codeVerifier,
                                    DpopKey dpop) {
        return bounded(exchanges, () -> delegate.redeemCode(tokenEndpoint, code, redirectUri, codeVerifier, dpop));
    }

    @Override
    public TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope, DpopKey dpop) {
        return bounded(refreshes, () -> delegate.refresh(tokenEndpoint, refreshToken, scope, dpop));
    }

    private TokenResponse bounded(Semaphore permits, Supplier<TokenResponse> call) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            LOG.log(System.Logger.Level.WARNING, "OIDC token request refused: {0} token requests are already running "
                    + "(max-provider-calls); a slow provider or a flood of callbacks is the usual cause", max);
            throw OidcException.unavailable("too many concurrent token requests (max-provider-calls " + max + ")", 1,
                    null);
        }
        try {
            return call.get();
        } finally {
            permits.release();
        }
    }
}
