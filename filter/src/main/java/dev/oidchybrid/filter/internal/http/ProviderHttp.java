package dev.oidchybrid.filter.internal.http;

import jakarta.ws.rs.client.Client;

import java.time.Duration;

/**
 * A filter's (or the command-line check's) connection to its provider: the one Jersey client, built by
 * {@link ProviderClients}, that every {@code *Client} class calls through. Only this package and those classes
 * see Jersey types; the composition root holds this and closes it when the filter is destroyed.
 */
public record ProviderHttp(Client client) implements AutoCloseable {

    /** A connection with the given timeouts that never follows redirects. */
    public static ProviderHttp open(Duration connectTimeout, Duration readTimeout) {
        return new ProviderHttp(ProviderClients.create(connectTimeout, readTimeout));
    }

    @Override
    public void close() {
        client.close();
    }
}
