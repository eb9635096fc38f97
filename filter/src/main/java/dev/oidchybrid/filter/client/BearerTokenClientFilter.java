package dev.oidchybrid.filter.client;

import dev.oidchybrid.filter.internal.config.Origins;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A JAX-RS client filter that sends the logged-in user's access token (RFC 6750 §2.1
 * {@code Authorization: Bearer}, or for DPoP-bound tokens {@code Authorization: DPoP} with a fresh proof for each
 * request, RFC 9449 §7.1) with every request, refreshing it first when due. Register it on the
 * client that calls your API: {@code client.register(new BearerTokenClientFilter())}. A request that already
 * carries an Authorization header is left alone; outside a logged-in request nothing is added; and the token goes
 * only to the origins the filter allows ({@code api-origins}, the provider's UserInfo, the application itself),
 * so a URL built from user input or the Host header cannot carry it elsewhere.
 */
public final class BearerTokenClientFilter implements ClientRequestFilter {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final BiFunction<String, String, Optional<OidcAuthorization>> authorizations;
    private final Supplier<Set<String>> destinations;

    /**
     * Uses the access token of the servlet request being handled on this thread (with a fresh DPoP proof per
     * request when it is DPoP-bound), for the destinations the filter allows: {@code api-origins}, the provider's
     * UserInfo endpoint and the application itself.
     */
    public BearerTokenClientFilter() {
        this.authorizations = OidcAccessTokens::authorization;
        this.destinations = OidcAccessTokens::allowedDestinations;
    }

    /** A Bearer token source of your own, for the destinations the filter allows (see the no-argument constructor). */
    public BearerTokenClientFilter(Supplier<Optional<String>> tokens) {
        this(tokens, OidcAccessTokens::allowedDestinations);
    }

    /**
     * @param tokens       the Bearer access token to send, if any
     * @param destinations the origins ({@code scheme://host[:port]}) it may be sent to; any other gets none
     */
    public BearerTokenClientFilter(Supplier<Optional<String>> tokens, Supplier<Set<String>> destinations) {
        this.authorizations = (method, url) -> tokens.get().map(t -> new OidcAuthorization("Bearer", t,
                Optional.empty()));
        this.destinations = destinations;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        String origin = Origins.of(request.getUri());
        if (origin == null || !destinations.get().contains(origin)) {
            LOG.log(System.Logger.Level.WARNING, "OIDC access token not sent to {0}: not an allowed destination "
                    + "(add its origin to api-origins if it is your API)", origin == null ? "(not an http(s) URL)"
                    : origin);
            return;
        }
        authorizations.apply(request.getMethod(), request.getUri().toString()).ifPresent(authorization -> {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization.authorizationHeader());
            authorization.dpopHeader().ifPresent(proof -> request.getHeaders().putSingle("DPoP", proof));
        });
    }
}
