package dev.oidchybrid.interop;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A client key pair made by the test for {@code private_key_jwt}: an EC P-256 (ES256) key, its private half as the
 * PKCS#8 PEM the filter's {@code client-key} takes ({@code OIDC_CLIENT_KEY}), its public half as the JWK set a
 * provider registers. The {@code kid} is the RFC 7638 thumbprint, which is what the filter names a PEM key by.
 */
final class ClientKeys {

    private final KeyPair pair;
    private final String kid;

    private ClientKeys(KeyPair pair, String kid) {
        this.pair = pair;
        this.kid = kid;
    }

    static ClientKeys es256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            return new ClientKeys(pair, jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("cannot make an EC P-256 key pair", e);
        }
    }

    /** The private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The RFC 7638 thumbprint of the key (its {@code kid}). */
    String kid() {
        return kid;
    }

    /** {@code {"keys":[{public JWK, kid, use: sig, alg: ES256}]}}: never the private parts. */
    String publicJwks() {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm("ES256");
            return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot write the public JWK", e);
        }
    }
}
