package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.ClientAuth;
import dev.oidchybrid.filter.internal.config.ClientSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the client authenticates a request to one of the provider's endpoints that need it (token, pushed
 * authorization, revocation): the headers and form parameters to add, computed afresh for every request. Pure:
 * the {@code *Client} classes put the answer on the wire.
 */
@FunctionalInterface
public interface ClientAuthentication {

    /** What one request adds to authenticate the client. */
    record Credentials(Map<String, String> headers, Map<String, String> params) {

        public Credentials {
            headers = Map.copyOf(headers);
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /**
     * @param endpoint the URL the request goes to (an assertion may name it as its audience)
     * @param issuer   the provider's issuer (the usual assertion audience)
     */
    Credentials credentials(String endpoint, String issuer);

    /**
     * {@code client_secret_basic} (RFC 6749 §2.3.1: id and secret form-encoded, then Basic), {@code
     * client_secret_post}, or a public client sending {@code client_id} only.
     */
    static ClientAuthentication withSecret(ClientSettings client) {
        ClientAuth auth = client.clientAuth();
        return (endpoint, issuer) -> {
            if (auth == ClientAuth.CLIENT_SECRET_BASIC) {
                String credentials = formEncode(client.clientId()) + ":"
                        + formEncode(client.clientSecret().orElseThrow());
                return new Credentials(Map.of("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))), Map.of());
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("client_id", client.clientId());
            if (auth == ClientAuth.CLIENT_SECRET_POST) {
                params.put("client_secret", client.clientSecret().orElseThrow());
            }
            return new Credentials(Map.of(), params);
        };
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
