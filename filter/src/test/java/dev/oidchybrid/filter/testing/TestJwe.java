package dev.oidchybrid.filter.testing;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.security.Key;

/**
 * Encrypted ID tokens for tests: decryption key pairs (as JWKs with private parts, the form
 * {@code id-token-decryption-key} takes) and a JWE builder that may use any algorithm, refused ones included.
 */
public final class TestJwe {

    private String alg = "RSA-OAEP-256";
    private String enc = "A256GCM";
    private String kid;
    private String cty = "JWT";
    private Key key;

    private TestJwe() {
    }

    /** A new RSA 2048 key pair with {@code kid} and {@code use: enc}. */
    public static PublicJsonWebKey rsa(String kid) {
        try {
            PublicJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId(kid);
            jwk.setUse("enc");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new EC P-256 key pair with {@code kid} and {@code use: enc}. */
    public static PublicJsonWebKey ec(String kid) {
        try {
            PublicJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId(kid);
            jwk.setUse("enc");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys as a JWK set with private parts: a value of {@code id-token-decryption-key} (a log secret). */
    public static String privateJwks(PublicJsonWebKey... keys) {
        String json = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        for (PublicJsonWebKey key : keys) {
            LogSafety.secret(String.valueOf(key.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE).get("d")));
        }
        return json;
    }

    /** The public halves as a JWK set (what a provider reads from the client's jwks_uri). */
    public static String publicJwks(PublicJsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** A JWE to {@code recipient} (its public key and kid), RSA-OAEP-256 / ECDH-ES+A256KW by key type, A256GCM. */
    public static TestJwe to(PublicJsonWebKey recipient) {
        TestJwe jwe = new TestJwe();
        jwe.key = recipient.getPublicKey();
        jwe.kid = recipient.getKeyId();
        jwe.alg = recipient.getKeyType().equals("EC") ? "ECDH-ES+A256KW" : "RSA-OAEP-256";
        return jwe;
    }

    public TestJwe alg(String alg) {
        this.alg = alg;
        return this;
    }

    public TestJwe enc(String enc) {
        this.enc = enc;
        return this;
    }

    /** The {@code kid} header, or null for none. */
    public TestJwe kid(String kid) {
        this.kid = kid;
        return this;
    }

    /** The {@code cty} header, or null for none. */
    public TestJwe cty(String cty) {
        this.cty = cty;
        return this;
    }

    /** Another key to encrypt to (e.g. a symmetric one for {@code dir}). */
    public TestJwe key(Key key) {
        this.key = key;
        return this;
    }

    /** {@code payload} encrypted as set. */
    public String encrypt(String payload) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jwe.setAlgorithmHeaderValue(alg);
            jwe.setEncryptionMethodHeaderParameter(enc);
            if (kid != null) {
                jwe.setKeyIdHeaderValue(kid);
            }
            if (cty != null) {
                jwe.setContentTypeHeaderValue(cty);
            }
            jwe.setKey(key);
            jwe.setPayload(payload);
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
