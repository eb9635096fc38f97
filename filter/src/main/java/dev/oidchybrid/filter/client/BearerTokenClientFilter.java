package dev.oidchybrid.filter.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A JAX-RS client filter that sends the logged-in user's access token (RFC 6750 §2.1
 * {@code Authorization: Bearer}) with every request, refreshing it first when due. Register it on the
 * client that calls your API: {@code client.register(new BearerTokenClientFilter())}. A request that already
 * carries an Authorization header is left alone; outside a logged-in request nothing is added.
 */
public final class BearerTokenClientFilter implements ClientRequestFilter {

    private final Supplier<Optional<String>> tokens;

    /** Uses the access token of the servlet request being handled on this thread. */
    public BearerTokenClientFilter() {
        this(OidcAccessTokens::current);
    }

    public BearerTokenClientFilter(Supplier<Optional<String>> tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        tokens.get().ifPresent(token -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }
}
