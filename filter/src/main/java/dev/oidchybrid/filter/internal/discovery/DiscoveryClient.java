package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.observe.ProviderCalls;
import dev.oidchybrid.filter.internal.observe.ProviderEndpoint;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Fetches the discovery document ({@code <issuer>/.well-known/openid-configuration}) and the JWKS over the
 * filter's one Jersey client. Only I/O lives here; {@link ProviderMetadataParser} does the checking.
 */
public final class DiscoveryClient {

    /** Upper bound on documents read from the provider. */
    static final int MAX_DOCUMENT_CHARS = 512 * 1024;

    private final Client client;
    private final ProviderCalls calls;

    public DiscoveryClient(ProviderHttp http) {
        this.client = http.client();
        this.calls = http.calls();
    }

    /** Fetches and checks the provider's metadata. */
    public ProviderMetadata discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String body = get(base + "/.well-known/openid-configuration", ProviderEndpoint.DISCOVERY, new String[1]);
        return ProviderMetadataParser.parse(body, issuer);
    }

    /** Fetches the provider's JSON Web Key Set document with the cache lifetime its response gave. */
    public JwksDocument fetchJwks(String jwksUri) {
        String[] cacheControl = new String[1];
        String body = get(jwksUri, ProviderEndpoint.JWKS, cacheControl);
        return new JwksDocument(body, JwksDocument.maxAge(cacheControl[0]).orElse(null));
    }

    /** GET of a JSON document; {@code cacheControl[0]} receives the response's Cache-Control header. */
    private String get(String url, ProviderEndpoint endpoint, String[] cacheControl) {
        String what = endpoint == ProviderEndpoint.JWKS ? "JWKS" : "discovery";
        return calls.call(endpoint, call -> {
            try (Response response = client.target(url).request(MediaType.APPLICATION_JSON_TYPE).get()) {
                call.status(response.getStatus());
                if (response.getStatus() != 200) {
                    throw HttpFailures.unavailable(what + " request to " + url + " answered HTTP "
                            + response.getStatus());
                }
                String body = response.readEntity(String.class);
                if (body == null || body.length() > MAX_DOCUMENT_CHARS) {
                    throw HttpFailures.unavailable(what + " document from " + url + " is empty or too large");
                }
                cacheControl[0] = response.getHeaderString("Cache-Control");
                return body;
            } catch (ProcessingException e) {
                throw HttpFailures.fromProcessing(what + " request to " + url, e);
            }
        });
    }
}
