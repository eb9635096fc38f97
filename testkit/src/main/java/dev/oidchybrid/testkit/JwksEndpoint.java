package dev.oidchybrid.testkit;

import java.util.Map;

/** {@code GET /jwks}: the provider's public signing key as a JWK Set (RFC 7517, 5; OpenID Connect Discovery 1.0, 3). */
final class JwksEndpoint implements Endpoint {

    private final String jwksJson;
    private final ProviderCounters counters;

    JwksEndpoint(SigningKey key, ProviderCounters counters) {
        this.jwksJson = key.jwksJson();
        this.counters = counters;
    }

    @Override
    public Response handle(Request request) {
        counters.countJwks();
        if (!request.isGet()) {
            return Response.json(405, Map.of("error", "invalid_request")).withHeader("Allow", "GET");
        }
        return Response.json(200, jwksJson);
    }
}
