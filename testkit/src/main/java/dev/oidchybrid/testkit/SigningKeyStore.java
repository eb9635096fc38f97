package dev.oidchybrid.testkit;

import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * The provider's signing keys: the current one, which signs every new token, and the published ones (the current
 * one first, then any kept after a {@linkplain #rotate rotation}), which make up the JWK Set (RFC 7517, 5) and
 * verify the provider's own tokens at userinfo and end_session. Also holds the throwaway keys that
 * {@link SignatureFault}s need, made on first use.
 *
 * <p>Thread-safe: the keys are one immutable snapshot in a volatile field; changes are synchronized.
 */
final class SigningKeyStore {

    /** A verified token: its claims and its {@code typ} header (null when absent). */
    record Verified(JwtClaims claims, String type) {
    }

    private record Keys(SigningKey current, List<SigningKey> published, JwtConsumer verifier) {
    }

    private final String algorithm;
    private volatile Keys keys;
    private SigningKey foreignKey;
    private PublicJsonWebKey encryptionKey;

    /**
     * Generates the first key.
     *
     * @param algorithm one of {@link SigningKey#SUPPORTED_ALGORITHMS}
     */
    SigningKeyStore(String algorithm) {
        this.algorithm = algorithm;
        SigningKey first = SigningKey.generate(algorithm);
        this.keys = keys(first, List.of(first));
    }

    String algorithm() {
        return algorithm;
    }

    /** The key that signs new tokens. */
    SigningKey current() {
        return keys.current();
    }

    /** The keys in the JWK Set, the current one first. */
    List<SigningKey> published() {
        return keys.published();
    }

    /**
     * Makes a new key of the same algorithm the current one.
     *
     * @param keepOld whether the keys published so far stay published (tokens they signed keep verifying)
     * @return the new key
     */
    synchronized SigningKey rotate(boolean keepOld) {
        SigningKey next = SigningKey.generate(algorithm);
        List<SigningKey> published = new ArrayList<>();
        published.add(next);
        if (keepOld) {
            published.addAll(keys.published());
        }
        keys = keys(next, published);
        return next;
    }

    /** A key of the provider's algorithm that is never published. */
    synchronized SigningKey foreignKey() {
        if (foreignKey == null) {
            foreignKey = SigningKey.generate(algorithm);
        }
        return foreignKey;
    }

    /** An RSA key pair ({@code use: enc}) that is never published; only tests read its private half. */
    synchronized PublicJsonWebKey encryptionKey() {
        if (encryptionKey == null) {
            encryptionKey = SigningKey.generateEncryptionKey();
        }
        return encryptionKey;
    }

    /**
     * The JWK Set JSON: the published public keys, then {@code extraEntries} verbatim.
     *
     * @param extraEntries JSON objects to append to {@code keys}
     */
    String jwksJson(List<String> extraEntries) {
        List<String> entries = new ArrayList<>();
        keys.published().forEach(key -> entries.add(key.publicJwkJson()));
        entries.addAll(extraEntries);
        return "{\"keys\":[" + String.join(",", entries) + "]}";
    }

    /**
     * Verifies that {@code jwt} was signed by a published key with the provider's algorithm; claims are not checked.
     *
     * @param jwt a compact JWS
     * @return the claims and the {@code typ} header
     * @throws InvalidJwtException when it is malformed or no published key verifies it
     */
    Verified verify(String jwt) throws InvalidJwtException {
        JwtContext context = keys.verifier().process(jwt);
        String type = context.getJoseObjects().get(0).getHeader(HeaderParameterNames.TYPE);
        return new Verified(context.getJwtClaims(), type);
    }

    private Keys keys(SigningKey current, List<SigningKey> published) {
        List<JsonWebKey> jwks = published.stream().<JsonWebKey>map(SigningKey::jwk).toList();
        // Claims rules (iss, exp, typ) depend on the token kind and the provider clock: callers apply them.
        JwtConsumer verifier = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                .setSkipAllValidators()
                .build();
        return new Keys(current, List.copyOf(published), verifier);
    }
}
