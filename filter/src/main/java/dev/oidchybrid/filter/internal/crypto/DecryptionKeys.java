package dev.oidchybrid.filter.internal.crypto;

import dev.oidchybrid.filter.internal.crypto.ClientKeyException.Input;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client's own keys for encrypted ID tokens ({@code id-token-decryption-key}; OpenID Connect Core 1.0 §10.2,
 * RFC 7516), parsed like the signing keys ({@link ClientKeys}: PKCS#8 PEM, a JWK or JWK set with private parts,
 * whose {@code use} is absent or {@code enc}), with no I/O. Each key decrypts with exactly one key management
 * algorithm: an RSA key (2048 bits or more) with {@value #RSA_OAEP_256}, an EC key (P-256, P-384, P-521) with
 * {@value #ECDH_ES_A256KW}. Several keys may be given so keys can rotate: every one decrypts and is published
 * ({@code use: enc}). Problems are reported against {@link Input#DECRYPTION_KEY}, never with key material.
 */
public final class DecryptionKeys {

    /** RSAES OAEP with SHA-256 and MGF1 with SHA-256 (RFC 7518 §4.3), for RSA keys. */
    public static final String RSA_OAEP_256 = "RSA-OAEP-256";
    /** ECDH-ES with the agreed key wrapping the content key with A256KW (RFC 7518 §4.6), for EC keys. */
    public static final String ECDH_ES_A256KW = "ECDH-ES+A256KW";
    /** The one content encryption accepted: AES-256 in GCM (RFC 7518 §5.3). */
    public static final String A256GCM = "A256GCM";

    private final List<ClientKey> keys;

    private DecryptionKeys(List<ClientKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @throws ClientKeyException ({@link Input#DECRYPTION_KEY}) when the text holds no usable decryption key
     */
    public static DecryptionKeys parse(String text) {
        List<ClientKey> keys = ClientKeys.parse(text, Input.DECRYPTION_KEY, "enc").all();
        for (ClientKey key : keys) {
            Optional<String> mine = algorithmOf(key);
            if (mine.isEmpty()) {
                throw new ClientKeyException(Input.DECRYPTION_KEY, "has key '" + key.kid() + "' of type " + key.type()
                        + ", which cannot decrypt ID tokens: use an RSA key (" + RSA_OAEP_256 + ") or an EC P-256 key ("
                        + ECDH_ES_A256KW + ")");
            }
            if (key.algorithm().isPresent() && !key.algorithm().get().equals(mine.get())) {
                String named = key.algorithm().get().matches("[A-Za-z0-9+_-]{1,20}") ? key.algorithm().get() : "?";
                throw new ClientKeyException(Input.DECRYPTION_KEY, "has key '" + key.kid() + "' whose alg '" + named
                        + "' is not accepted: an " + key.publicKey().getAlgorithm() + " key decrypts with "
                        + mine.get() + " only (RSA1_5 and RSA-OAEP with SHA-1 are never accepted)");
            }
        }
        return new DecryptionKeys(keys);
    }

    /** Every key, in the configured order. */
    public List<ClientKey> all() {
        return keys;
    }

    /** The key management algorithms these keys decrypt with, in key order, each once. */
    public Set<String> algorithms() {
        Set<String> algorithms = new java.util.LinkedHashSet<>();
        keys.forEach(key -> algorithms.add(algorithmOf(key).orElseThrow()));
        return algorithms;
    }

    /** The key management algorithm {@code key} decrypts with: RSA-OAEP-256 for RSA, ECDH-ES+A256KW for EC. */
    public static Optional<String> algorithmOf(ClientKey key) {
        if (key.publicKey() instanceof RSAPublicKey) {
            return Optional.of(RSA_OAEP_256);
        }
        if (key.publicKey() instanceof ECPublicKey) {
            return Optional.of(ECDH_ES_A256KW);
        }
        return Optional.empty();
    }

    /**
     * @throws ClientKeyException when a decryption key is also a signing key, or shares its {@code kid} with one:
     *                            one key for both purposes is refused (RFC 7517 §4.2), and kids must tell them apart
     */
    public void checkApartFrom(ClientKeys signing) {
        Set<String> kids = new HashSet<>();
        signing.all().forEach(key -> kids.add(key.kid()));
        for (ClientKey key : keys) {
            if (signing.all().stream().anyMatch(s -> Arrays.equals(s.publicKey().getEncoded(),
                    key.publicKey().getEncoded()))) {
                throw new ClientKeyException(Input.DECRYPTION_KEY, "has key '" + key.kid() + "' that is also a signing "
                        + "key (client-key / client-keystore): use a separate key for encryption");
            }
            if (kids.contains(key.kid())) {
                throw new ClientKeyException(Input.DECRYPTION_KEY, "has key '" + key.kid() + "' whose kid is also a "
                        + "signing key's: give the keys distinct kids");
            }
        }
    }

    /**
     * The public JWK set to publish at {@code client-jwks-path}: the signing keys with {@code use: sig}, then the
     * decryption keys with {@code use: enc} and their {@code alg}. Never a private part.
     */
    public static String publicJwks(Optional<ClientKeys> signing, Optional<DecryptionKeys> decryption) {
        List<JsonWebKey> jwks = new ArrayList<>();
        signing.ifPresent(keys -> jwks.addAll(keys.publicJwkList("sig")));
        decryption.ifPresent(keys -> {
            List<JsonWebKey> encryption = new ClientKeys(keys.keys).publicJwkList("enc");
            for (int i = 0; i < encryption.size(); i++) {
                encryption.get(i).setAlgorithm(algorithmOf(keys.keys.get(i)).orElseThrow());
            }
            jwks.addAll(encryption);
        });
        return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** Never a private key. */
    @Override
    public String toString() {
        return "DecryptionKeys" + keys;
    }
}
