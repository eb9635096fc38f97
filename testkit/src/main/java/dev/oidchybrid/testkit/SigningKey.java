package dev.oidchybrid.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * One signing key of the provider: RSA 2048 for RS256/PS256, P-256 for ES256, Ed25519 for EdDSA (RFC 7518, 3;
 * RFC 8037, 3.1). It signs tokens with a {@code kid} header (its RFC 7638 thumbprint), gives its public half as a
 * JWK (RFC 7517, 4), computes the {@code c_hash}/{@code at_hash} values of OpenID Connect Core 1.0, 3.3.2.11, and
 * can sign wrongly on purpose for {@link SignatureFault}s. The {@link SigningKeyStore} decides which key is current.
 */
final class SigningKey {

    /** The JWS algorithms the provider can sign with. */
    static final List<String> SUPPORTED_ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");

    private final PublicJsonWebKey jwk;
    private final String algorithm;

    private SigningKey(PublicJsonWebKey jwk, String algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
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
                case "EdDSA" ->
                        OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519, null, Secrets.random());
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

    /** A throwaway RSA 2048 key to encrypt to, with {@code use: enc} (for {@link SignatureFault#ENCRYPTED}). */
    static PublicJsonWebKey generateEncryptionKey() {
        try {
            PublicJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048, null, Secrets.random());
            jwk.setUse(Use.ENCRYPTION);
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("could not generate an RSA key", e);
        }
    }

    String algorithm() {
        return algorithm;
    }

    String keyId() {
        return jwk.getKeyId();
    }

    /** The JWK with the private key; callers publish only its public half. */
    PublicJsonWebKey jwk() {
        return jwk;
    }

    /** The public key as JWK JSON ({@code kty}, {@code kid}, {@code use}, {@code alg} and the public parameters). */
    String publicJwkJson() {
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * Signs {@code claims} as a compact JWS with the {@code alg} and {@code kid} headers.
     *
     * @param claims the claims
     * @param type   the {@code typ} header (e.g. {@code at+jwt}), or null for none
     * @return the compact serialization
     */
    String sign(JwtClaims claims, String type) {
        return signWithKeyId(claims, jwk.getKeyId(), type);
    }

    /**
     * Signs {@code claims} with this key but another {@code kid} header.
     *
     * @param keyId the {@code kid} header, or null for none
     * @param type  the {@code typ} header, or null for none
     */
    String signWithKeyId(JwtClaims claims, String keyId, String type) {
        JsonWebSignature jws = jws(claims, algorithm, keyId, type);
        jws.setKey(jwk.getPrivateKey());
        return serialize(jws);
    }

    /**
     * {@code alg: HS256} with this key's {@code kid}, the HMAC keyed with the DER bytes of this public key.
     *
     * @param type the {@code typ} header, or null for none
     */
    String signHs256WithPublicKey(JwtClaims claims, String type) {
        JsonWebSignature jws = jws(claims, AlgorithmIdentifiers.HMAC_SHA256, jwk.getKeyId(), type);
        jws.setKey(new HmacKey(jwk.getPublicKey().getEncoded()));
        return serialize(jws);
    }

    /**
     * An unsecured JWS ({@code alg: none}, empty signature) with this key's {@code kid}.
     *
     * @param type the {@code typ} header, or null for none
     */
    String unsecured(JwtClaims claims, String type) {
        JsonWebSignature jws = jws(claims, AlgorithmIdentifiers.NONE, jwk.getKeyId(), type);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        return serialize(jws);
    }

    /** {@code jws} with the last byte of its signature changed (not just a base64url padding bit). */
    static String corruptSignature(String jws) {
        int dot = jws.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jws.substring(dot + 1));
        signature[signature.length - 1] ^= 0x01;
        return jws.substring(0, dot + 1) + Secrets.base64Url(signature);
    }

    /** {@code jwt} as the payload of a compact JWE ({@code RSA-OAEP-256}, {@code A256GCM}, {@code cty: JWT}). */
    static String encrypt(String jwt, PublicKey recipient) {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setContentTypeHeaderValue("JWT");
        jwe.setKey(recipient);
        jwe.setPayload(jwt);
        try {
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not encrypt a token", e);
        }
    }

    /**
     * The {@code c_hash}/{@code at_hash} of {@code value} for a token whose header says {@code jwsAlgorithm}: the
     * left half of its hash with the algorithm's hash function (SHA-256 for *256, SHA-512 for EdDSA with Ed25519),
     * base64url without padding (OpenID Connect Core 1.0, 3.3.2.11).
     */
    static String halfHash(String jwsAlgorithm, String value) {
        String size = jwsAlgorithm.equals("EdDSA") ? "512" : jwsAlgorithm.substring(jwsAlgorithm.length() - 3);
        String hash = switch (size) {
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

    private static JsonWebSignature jws(JwtClaims claims, String algorithm, String keyId, String type) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        if (type != null) {
            jws.setHeader(HeaderParameterNames.TYPE, type);
        }
        return jws;
    }

    private static String serialize(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }
}
