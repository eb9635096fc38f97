package dev.oidchybrid.filter.testing;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Client keys for private_key_jwt tests: a P-256 pair, its registration JWKS, its PKCS#8 PEM forms. */
public final class TestClientKeys {

    private TestClientKeys() {
    }

    /** A new EC P-256 key pair. */
    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registration an operator makes: the public key with its thumbprint as kid (as client-jwks-path shows). */
    public static String publicJwks(KeyPair key) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.getPublic());
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as PKCS#8 PEM with real line breaks. */
    public static String pem(KeyPair key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
    }

    /** The private key as an environment variable holds it: PKCS#8 PEM with {@code \n} escapes (a log secret). */
    public static String pemEnv(KeyPair key) {
        String body = Base64.getEncoder().encodeToString(key.getPrivate().getEncoded());
        LogSafety.secret(body);
        return "-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----";
    }
}
