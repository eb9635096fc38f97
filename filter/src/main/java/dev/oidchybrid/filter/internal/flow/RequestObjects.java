package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientSettings;
import dev.oidchybrid.filter.internal.config.RequestObjectMode;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an authorization request puts on the wire with {@code request-object} (RFC 9101): with {@code none} the
 * parameters as they are; with {@code signed} a request object ({@link RequestObjectBuilder}) holding all of them.
 * In the browser's URL (§5) it travels with {@code client_id} and, because OpenID Connect Core 1.0 §6.1 requires
 * them outside the object too, {@code response_type} and {@code scope} (the same values as inside; the provider
 * uses only the object's, RFC 9101 §6.3); pushed (RFC 9126 §3) it is the only authorization parameter, next to the
 * client authentication. Fails closed: a provider that says {@code request_parameter_supported: false}, or lists no
 * algorithm for the key, gets no login rather than an unsigned request. Pure.
 */
public final class RequestObjects {

    private static final String SPEC = "RFC 9101 §5, §10.5; OpenID Connect Core 1.0 §6.1";

    private final RequestObjectBuilder builder;

    private RequestObjects(RequestObjectBuilder builder) {
        this.builder = builder;
    }

    /** Plain parameters ({@code request-object=none}). */
    public static RequestObjects none() {
        return new RequestObjects(null);
    }

    /** Request objects made by {@code builder}. */
    public static RequestObjects signed(RequestObjectBuilder builder) {
        return new RequestObjects(builder);
    }

    /**
     * As {@code client}'s {@code request-object} says, signed with the first of {@code keys}.
     *
     * @throws OidcException {@code invalid_configuration} when the key cannot sign request objects
     */
    public static RequestObjects forClient(ClientSettings client, Optional<ClientKeys> keys, String issuer,
                                           boolean fapi2, Clock clock, RandomTokens random) {
        if (client.requestObject() != RequestObjectMode.SIGNED) {
            return none();
        }
        ClientKeys loaded = keys.orElseThrow(() -> new IllegalArgumentException(
                "request-object=signed needs the client keys"));
        return signed(new RequestObjectBuilder(client.clientId(), issuer, loaded.signing(), fapi2, clock, random));
    }

    /** Whether authorization requests are signed. */
    public boolean enabled() {
        return builder != null;
    }

    /**
     * The parameters of the browser's URL for {@code params}.
     *
     * @throws OidcException {@code request_object_unsupported} when the provider refuses the {@code request}
     *                       parameter or lists no algorithm for the key
     */
    public Map<String, String> frontChannel(Map<String, String> params, ProviderMetadata provider) {
        if (builder == null) {
            return params;
        }
        if (provider.refusesRequestParameter()) {
            throw new OidcException(ErrorCode.REQUEST_OBJECT_UNSUPPORTED, "request-object=signed but the provider "
                    + "says request_parameter_supported: false, and the request is not pushed: set par=true if the "
                    + "provider offers pushed authorization requests, or enable request objects at the provider; no "
                    + "unsigned request is sent", SPEC);
        }
        String request = builder.build(params, provider.requestObjectSigningAlgValuesSupported());
        Map<String, String> front = new LinkedHashMap<>();
        front.put("client_id", params.get("client_id"));
        front.put("response_type", params.get("response_type"));
        front.put("scope", params.get("scope"));
        front.put("request", request);
        return front;
    }

    /**
     * The authorization parameters of a pushed request for {@code params} (the client authentication is added by
     * the {@link ParClient}).
     *
     * @throws OidcException {@code request_object_unsupported} when the provider lists no algorithm for the key
     */
    public Map<String, String> pushed(Map<String, String> params, ProviderMetadata provider) {
        if (builder == null) {
            return params;
        }
        return Map.of("request", builder.build(params, provider.requestObjectSigningAlgValuesSupported()));
    }
}
