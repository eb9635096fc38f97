package dev.oidchybrid.filter.internal.http;

import dev.oidchybrid.filter.internal.observe.ProviderCalls;
import jakarta.ws.rs.client.Client;

import java.time.Duration;

/**
 * A filter's (or the command-line check's) connection to its provider: the one Jersey client, built by
 * {@link ProviderClients}, that every {@code *Client} class calls through, and the {@link ProviderCalls} those
 * classes time each call with. Only this package and those classes see Jersey types; the composition root holds
 * this and closes it when the filter is destroyed.
 */
public record ProviderHttp(Client client, ProviderCalls calls) implements AutoCloseable {

    /** A connection whose calls are not observed. */
    public ProviderHttp(Client client) {
        this(client, ProviderCalls.NONE);
    }

    /** A connection with the given timeouts that never follows redirects; its calls are not observed. */
    public static ProviderHttp open(Duration connectTimeout, Duration readTimeout) {
        return open(connectTimeout, readTimeout, ProviderCalls.NONE);
    }

    /** A connection with the given timeouts that never follows redirects, its calls told to {@code calls}. */
    public static ProviderHttp open(Duration connectTimeout, Duration readTimeout, ProviderCalls calls) {
        return new ProviderHttp(ProviderClients.create(connectTimeout, readTimeout), calls);
    }

    @Override
    public void close() {
        client.close();
    }
}
