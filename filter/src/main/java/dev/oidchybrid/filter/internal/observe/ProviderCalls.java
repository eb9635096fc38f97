package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.OidcException;

/**
 * Times the {@code *Client} classes' calls to the provider and tells the {@link Telemetry} how each ended: its
 * endpoint, HTTP status, the error code of a failure, and its duration ({@link System#nanoTime()}, latency only).
 * A call is one HTTP exchange; a retry (a DPoP nonce) is another call.
 */
public final class ProviderCalls {

    /** Tells nobody. */
    public static final ProviderCalls NONE = new ProviderCalls(Telemetry.NONE);

    private final Telemetry telemetry;

    public ProviderCalls(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** One HTTP exchange with the provider; it reports the response's status to {@code call}. */
    @FunctionalInterface
    public interface Exchange<T> {
        T run(Call call);
    }

    /** What an exchange reports while it runs. */
    public static final class Call {
        private int status;

        private Call() {
        }

        /** The response's HTTP status. */
        public void status(int status) {
            this.status = status;
        }
    }

    /**
     * Runs {@code exchange} as a call to {@code endpoint}; its result or exception passes through unchanged. An
     * {@link OidcException} is recorded by its code, any other exception as {@code internal}.
     */
    public <T> T call(ProviderEndpoint endpoint, Exchange<T> exchange) {
        Telemetry.ProviderCallObserver observer = telemetry.providerCall(endpoint);
        Call call = new Call();
        long start = System.nanoTime();
        String error = "internal";
        try {
            T result = exchange.run(call);
            error = null;
            return result;
        } catch (OidcException e) {
            error = e.code().value();
            throw e;
        } finally {
            observer.end(call.status, error, System.nanoTime() - start);
        }
    }
}
