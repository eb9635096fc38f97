package dev.oidchybrid.benchmarks;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The high-security login's client: its id and a fresh EC P-256 key pair (made with the JDK's
 * {@link KeyPairGenerator} for each run), given to the filter as {@code client-key} (PKCS#8 PEM) and registered at
 * the development provider as a public JWK whose {@code kid} is its RFC 7638 thumbprint, which is the {@code kid}
 * the filter puts in its assertions for a PEM key.
 *
 * @param clientId  the {@code client_id}
 * @param key       the key pair
 * @param kid       the public key's RFC 7638 SHA-256 thumbprint
 */
record HighSecurityClient(String clientId, KeyPair key, String kid) {

    /** The client id registered at the high-security run's provider. */
    static final String CLIENT_ID = "high-security-client";

    static HighSecurityClient generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            String kid = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic())
                    .calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
            return new HighSecurityClient(CLIENT_ID, pair, kid);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("no EC P-256 key pair: " + e, e);
        }
    }

    PrivateKey privateKey() {
        return key.getPrivate();
    }

    /** The private key as the filter's {@code client-key} reads it: PKCS#8 PEM. */
    String pem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The registration at the provider: the public key as a JWK set, with its thumbprint as {@code kid}. */
    String publicJwks() {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.getPublic());
            jwk.setKeyId(kid);
            return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
