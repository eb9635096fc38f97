package dev.oidchybrid.testkit;

import java.util.List;
import java.util.Objects;

/**
 * How the {@link DevProvider} encrypts the ID tokens of one client: the registration metadata
 * {@code id_token_encrypted_response_alg} and {@code id_token_encrypted_response_enc} (OpenID Connect Dynamic
 * Client Registration 1.0, 2). The provider encrypts every ID token it issues to that client (front channel,
 * token endpoint, refresh) to the client's registered public key with {@code use: enc} whose type fits the
 * algorithm (RSA for {@code RSA*}, EC for {@code ECDH-ES*}), header {@code cty: JWT} and that key's {@code kid}
 * (Core 1.0, 10.2: signed, then encrypted).
 *
 * <p>The provider encrypts with more algorithms than a careful client accepts, so tests can prove a client refuses
 * {@code RSA1_5} or a CBC content encryption.
 *
 * @param algorithm  the key management algorithm, one of {@link #ALGORITHMS}
 * @param encryption the content encryption algorithm, one of {@link #ENCRYPTIONS}
 */
public record IdTokenEncryption(String algorithm, String encryption) {

    /** RSA-OAEP with SHA-256 (RFC 7518, 4.3). */
    public static final String RSA_OAEP_256 = "RSA-OAEP-256";
    /** ECDH-ES with A256KW key wrapping (RFC 7518, 4.6). */
    public static final String ECDH_ES_A256KW = "ECDH-ES+A256KW";
    /** AES-256 GCM (RFC 7518, 5.3). */
    public static final String A256GCM = "A256GCM";

    /** The key management algorithms the provider can encrypt with, as discovery lists them. */
    public static final List<String> ALGORITHMS = List.of(RSA_OAEP_256, ECDH_ES_A256KW, "RSA-OAEP", "ECDH-ES",
            "ECDH-ES+A128KW", "RSA1_5");
    /** The content encryption algorithms the provider can encrypt with, as discovery lists them. */
    public static final List<String> ENCRYPTIONS = List.of(A256GCM, "A128GCM", "A128CBC-HS256", "A256CBC-HS512");

    public IdTokenEncryption {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encryption, "encryption");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("id_token_encrypted_response_alg must be one of " + ALGORITHMS + ": "
                    + algorithm);
        }
        if (!ENCRYPTIONS.contains(encryption)) {
            throw new IllegalArgumentException("id_token_encrypted_response_enc must be one of " + ENCRYPTIONS + ": "
                    + encryption);
        }
    }

    /** The JWK key type ({@code kty}) the algorithm encrypts to: {@code RSA} or {@code EC}. */
    String keyType() {
        return algorithm.startsWith("RSA") ? "RSA" : "EC";
    }
}
