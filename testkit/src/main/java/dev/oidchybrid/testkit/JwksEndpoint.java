package dev.oidchybrid.testkit;

import java.util.Map;

/**
 * {@code GET /jwks}: the provider's published public signing keys as a JWK Set (RFC 7517, 5; OpenID Connect
 * Discovery 1.0, 3), plus any {@linkplain ProviderFaults#jwksExtraEntries extra entries}; 503 while
 * {@linkplain ProviderFaults#jwksUnavailable unavailable}. Built per request, so a
 * {@linkplain ProviderFaults#rotateSigningKey() rotation} shows at once.
 */
final class JwksEndpoint implements Endpoint {

    private final SigningKeyStore keys;
    private final ProviderFaults faults;
    private final ProviderCounters counters;

    JwksEndpoint(SigningKeyStore keys, ProviderFaults faults, ProviderCounters counters) {
        this.keys = keys;
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public Response handle(Request request) {
        counters.countJwks();
        if (!request.isGet()) {
            return Response.json(405, Map.of("error", "invalid_request")).withHeader("Allow", "GET");
        }
        if (faults.jwksUnavailable()) {
            return Response.json(503, Map.of("error", "temporarily_unavailable")).withHeader("Retry-After", "1");
        }
        return Response.json(200, keys.jwksJson(faults.extraJwksEntries()));
    }
}
