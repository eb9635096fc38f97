package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.token.SignedJwtVerifier.Rejected;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.util.List;
import java.util.Set;

/**
 * Opens an encrypted ID token (OpenID Connect Core 1.0 §10.2, RFC 7516) with the client's
 * {@code id-token-decryption-key} and returns the signed ID token inside it (a Nested JWT, Core §2: signed, then
 * encrypted), which {@link IdTokenValidator} then verifies as any other. Refused, with a reason safe to log (never
 * token or key material, jose4j's messages are not passed on): a token that is not a JWE (a plain signed ID token
 * when encryption is configured), a key management algorithm other than {@value DecryptionKeys#RSA_OAEP_256} and
 * {@value DecryptionKeys#ECDH_ES_A256KW} (so never {@code RSA1_5}), a content encryption other than
 * {@value DecryptionKeys#A256GCM}, a {@code cty} other than {@code JWT} (it may be absent), a token no configured
 * key opens (another recipient's, or altered: GCM authenticates header and ciphertext), and a payload that is not
 * a signed JWT. The key named by the JWE's {@code kid} is tried; without a match, every key of the algorithm's type.
 *
 * <p>Built once per configuration; thread-safe (each call parses its own jose4j object). Pure.
 */
public final class IdTokenDecrypter {

    private static final Set<String> ALGORITHMS = Set.of(DecryptionKeys.RSA_OAEP_256, DecryptionKeys.ECDH_ES_A256KW);
    private static final AlgorithmConstraints KEY_MANAGEMENT = new AlgorithmConstraints(ConstraintType.PERMIT,
            DecryptionKeys.RSA_OAEP_256, DecryptionKeys.ECDH_ES_A256KW);
    private static final AlgorithmConstraints CONTENT = new AlgorithmConstraints(ConstraintType.PERMIT,
            DecryptionKeys.A256GCM);
    private static final String SAFE = "[A-Za-z0-9._+-]{1,64}";

    private final List<ClientKey> keys;

    public IdTokenDecrypter(DecryptionKeys keys) {
        this.keys = keys.all();
    }

    /**
     * @return the compact signed JWT inside {@code token}
     * @throws Rejected when the token is not a JWE these keys open under the rules above
     */
    String decrypt(String token) throws Rejected {
        if (token == null || token.isEmpty()) {
            throw new Rejected("missing");
        }
        long dots = token.chars().filter(c -> c == '.').count();
        if (dots == 2) {
            throw new Rejected("is not encrypted, but id-token-decryption-key is set: a plain signed ID token is "
                    + "refused (the provider must encrypt ID tokens to this client)");
        }
        if (dots != 4) {
            throw new Rejected("is not a compact JWE");
        }
        JsonWebEncryption header = parse(token);
        String alg = header.getAlgorithmHeaderValue();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw new Rejected("is encrypted with key management algorithm '" + shown(alg) + "', which is not accepted ("
                    + DecryptionKeys.RSA_OAEP_256 + ", " + DecryptionKeys.ECDH_ES_A256KW + ")");
        }
        String enc = header.getEncryptionMethodHeaderParameter();
        if (!DecryptionKeys.A256GCM.equals(enc)) {
            throw new Rejected("is encrypted with content encryption '" + shown(enc) + "', which is not accepted ("
                    + DecryptionKeys.A256GCM + " only)");
        }
        String cty = header.getContentTypeHeaderValue();
        if (cty != null && !cty.equalsIgnoreCase("JWT")) {
            throw new Rejected("has cty '" + shown(cty) + "': the encrypted content must be the signed ID token "
                    + "(cty JWT, OpenID Connect Core 1.0 §2)");
        }
        List<ClientKey> candidates = keys.stream()
                .filter(key -> DecryptionKeys.algorithmOf(key).orElse("").equals(alg)).toList();
        if (candidates.isEmpty()) {
            throw new Rejected("is encrypted with " + alg + ", but no id-token-decryption-key is of its type ("
                    + (alg.equals(DecryptionKeys.RSA_OAEP_256) ? "RSA" : "EC") + ")");
        }
        String kid = header.getKeyIdHeaderValue();
        List<ClientKey> named = candidates.stream().filter(key -> key.kid().equals(kid)).toList();
        for (ClientKey key : named.isEmpty() ? candidates : named) {
            String payload = open(token, key);
            if (payload != null) {
                return signedJwt(payload);
            }
        }
        throw new Rejected("does not decrypt with id-token-decryption-key"
                + (kid != null && named.isEmpty() ? " (its kid '" + shown(kid) + "' matches none of the keys)" : "")
                + ": encrypted to another key, or altered");
    }

    private static JsonWebEncryption parse(String token) throws Rejected {
        try {
            if (JsonWebStructure.fromCompactSerialization(token) instanceof JsonWebEncryption jwe) {
                return jwe;
            }
        } catch (JoseException | RuntimeException e) {
            // below
        }
        throw new Rejected("is not a well-formed JWE");
    }

    /** The plaintext, or null when this key does not open the token (wrong key, altered token). */
    private static String open(String token, ClientKey key) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(KEY_MANAGEMENT);
            jwe.setContentEncryptionAlgorithmConstraints(CONTENT);
            jwe.setCompactSerialization(token);
            jwe.setKey(key.privateKey());
            return jwe.getPayload();
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }

    /** {@code payload} when it is a compact JWS with an algorithm and a signature (never {@code alg: none}). */
    private static String signedJwt(String payload) throws Rejected {
        String plain = payload;
        if (plain.chars().filter(c -> c == '.').count() == 2 && !plain.endsWith(".")) {
            try {
                if (JsonWebStructure.fromCompactSerialization(plain) instanceof JsonWebSignature jws
                        && jws.getAlgorithmHeaderValue() != null && !jws.getAlgorithmHeaderValue().equals("none")) {
                    return plain;
                }
            } catch (JoseException | RuntimeException e) {
                // below
            }
        }
        throw new Rejected("decrypts, but its content is not a signed JWT (an unsigned or unprotected token is "
                + "refused: OpenID Connect Core 1.0 §2 requires signed, then encrypted)");
    }

    private static String shown(String value) {
        return value != null && value.matches(SAFE) ? value : "?";
    }
}
