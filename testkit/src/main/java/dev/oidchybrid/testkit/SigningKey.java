package dev.oidchybrid.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.Use;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * The provider's signing key, generated at start: RSA 2048 for RS256/PS256, P-256 for ES256 (RFC 7518, 3).
 * It signs every token (never {@code alg: none}) with a {@code kid} header (its RFC 7638 thumbprint), publishes
 * the public half as a JWK Set (RFC 7517, 5), verifies the provider's own tokens, and computes the
 * {@code c_hash}/{@code at_hash} values of OpenID Connect Core 1.0, 3.3.2.11.
 */
final class SigningKey {

    /** The JWS algorithms the provider can sign with. */
    static final List<String> SUPPORTED_ALGORITHMS = List.of("RS256", "PS256", "ES256");

    private final PublicJsonWebKey jwk;
    private final String algorithm;
    private final JwtConsumer signatureVerifier;

    /** A verified token: its claims and its {@code typ} header (null when absent). */
    record Verified(JwtClaims claims, String type) {
    }

    private SigningKey(PublicJsonWebKey jwk, String algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
        // Claims rules (iss, exp, typ) depend on the token kind and the provider clock: callers apply them.
        this.signatureVerifier = new JwtConsumerBuilder()
                .setVerificationKey(jwk.getPublicKey())
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                .setSkipAllValidators()
                .build();
    }

    /**
     * Generates a fresh key for {@code algorithm}.
     *
     * @param algorithm one of {@link #SUPPORTED_ALGORITHMS}
     * @return the key
     */
    static SigningKey generate(String algorithm) {
        try {
            PublicJsonWebKey jwk = switch (algorithm) {
                case "RS256", "PS256" -> RsaJwkGenerator.generateJwk(2048, null, Secrets.random());
                case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256, null, Secrets.random());
                default -> throw new IllegalArgumentException("unsupported signing algorithm " + algorithm
                        + "; supported: " + SUPPORTED_ALGORITHMS);
            };
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            jwk.setUse(Use.SIGNATURE);
            jwk.setAlgorithm(algorithm);
            return new SigningKey(jwk, algorithm);
        } catch (JoseException e) {
            throw new IllegalStateException("could not generate a " + algorithm + " key", e);
        }
    }

    String algorithm() {
        return algorithm;
    }

    String keyId() {
        return jwk.getKeyId();
    }

    /** The JWK Set JSON with the public key only. */
    String jwksJson() {
        return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * Signs {@code claims} as a compact JWS with the {@code alg} and {@code kid} headers.
     *
     * @param claims the claims
     * @param type   the {@code typ} header (e.g. {@code at+jwt}), or null for none
     * @return the compact serialization
     */
    String sign(JwtClaims claims, String type) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(jwk.getKeyId());
        if (type != null) {
            jws.setHeader(HeaderParameterNames.TYPE, type);
        }
        jws.setKey(jwk.getPrivateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    /**
     * Verifies that {@code jwt} was signed by this key with this algorithm; claims are not checked.
     *
     * @param jwt a compact JWS
     * @return the claims and the {@code typ} header
     * @throws InvalidJwtException when it is malformed or the signature does not verify
     */
    Verified verify(String jwt) throws InvalidJwtException {
        JwtContext context = signatureVerifier.process(jwt);
        String type = context.getJoseObjects().get(0).getHeader(HeaderParameterNames.TYPE);
        return new Verified(context.getJwtClaims(), type);
    }

    /**
     * The {@code c_hash}/{@code at_hash} of {@code value}: the left half of its hash with the algorithm's hash
     * function (SHA-256 for *256), base64url without padding (OpenID Connect Core 1.0, 3.3.2.11).
     */
    String halfHash(String value) {
        String hash = switch (algorithm.substring(algorithm.length() - 3)) {
            case "384" -> "SHA-384";
            case "512" -> "SHA-512";
            default -> "SHA-256";
        };
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(value.getBytes(StandardCharsets.US_ASCII));
            return Secrets.base64Url(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is always available", e);
        }
    }
}
