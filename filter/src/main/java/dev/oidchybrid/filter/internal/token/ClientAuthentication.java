package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.ClientAuth;
import dev.oidchybrid.filter.internal.config.ClientSettings;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
     * How {@code client} authenticates, by its {@code client-auth}.
     *
     * @param keys             the loaded client keys (needed for {@code private_key_jwt})
     * @param profile          restricts the assertion's signing algorithm
     * @param listedAlgorithms the provider's {@code token_endpoint_auth_signing_alg_values_supported}
     */
    static ClientAuthentication forClient(ClientSettings client, Optional<ClientKeys> keys, Profile profile,
                                          Supplier<List<String>> listedAlgorithms, Clock clock, RandomTokens random) {
        return switch (client.clientAuth()) {
            case PRIVATE_KEY_JWT -> ClientAssertions.privateKeyJwt(client.clientId(), keys.orElseThrow(
                    () -> new IllegalArgumentException("private_key_jwt needs the client keys")).signing(),
                    client.keys().audience(), profile, listedAlgorithms, clock, random);
            case CLIENT_SECRET_JWT -> ClientAssertions.clientSecretJwt(client.clientId(),
                    client.clientSecret().orElseThrow(), client.keys().audience(), listedAlgorithms, clock, random);
            default -> withSecret(client);
        };
    }

    /**
     * {@code client_secret_basic} (RFC 6749 §2.3.1: id and secret form-encoded, then Basic), {@code
     * client_secret_post}, or a public client sending {@code client_id} only.
     */
    static ClientAuthentication withSecret(ClientSettings client) {
        ClientAuth auth = client.clientAuth();
        if (auth == ClientAuth.PRIVATE_KEY_JWT || auth == ClientAuth.CLIENT_SECRET_JWT) {
            throw new IllegalArgumentException(auth.value() + " authenticates with an assertion: use forClient");
        }
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
