package dev.oidchybrid.testkit;

import java.security.PublicKey;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Encrypts a signed ID token to a client registered for ID token encryption ({@link IdTokenEncryption}): a Nested
 * JWT (OpenID Connect Core 1.0, 10.2) with the registered {@code alg} and {@code enc}, {@code cty: JWT} and the
 * {@code kid} of the client's key. jose4j's default block of {@code RSA1_5} is lifted: the provider must be able to
 * send what a client has to refuse.
 */
final class IdTokenEncrypter {

    private IdTokenEncrypter() {
    }

    /**
     * {@code signedJwt} encrypted to {@code client}'s encryption key, with {@code override}'s algorithms when not
     * null, else the registered ones.
     */
    static String encrypt(String signedJwt, ClientRegistration client, IdTokenEncryption override) {
        IdTokenEncryption encryption = override != null ? override : client.idTokenEncryption();
        PublicJsonWebKey key = recipient(client.clientId(), client.jwks(), encryption);
        return encrypt(signedJwt, encryption, key.getPublicKey(), key.getKeyId());
    }

    /** {@code signedJwt} encrypted to {@code recipient} with {@code encryption}'s algorithms, {@code kid} if given. */
    static String encrypt(String signedJwt, IdTokenEncryption encryption, PublicKey recipient, String kid) {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jwe.setAlgorithmHeaderValue(encryption.algorithm());
        jwe.setEncryptionMethodHeaderParameter(encryption.encryption());
        jwe.setContentTypeHeaderValue("JWT");
        if (kid != null) {
            jwe.setKeyIdHeaderValue(kid);
        }
        jwe.setKey(recipient);
        jwe.setPayload(signedJwt);
        try {
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not encrypt an ID token with " + encryption, e);
        }
    }

    /**
     * The first key of the client's registered JWKS with {@code use: enc} and the key type the algorithm needs.
     *
     * @throws IllegalArgumentException when there is none
     */
    static PublicJsonWebKey recipient(String clientId, String jwks, IdTokenEncryption encryption) {
        String type = encryption.keyType();
        for (JsonWebKey key : ClientRegistration.publicKeys(jwks)) {
            if ("enc".equals(key.getUse()) && type.equals(key.getKeyType())) {
                return (PublicJsonWebKey) key;
            }
        }
        throw new IllegalArgumentException("the jwks of client " + clientId + " has no " + type
                + " key with use 'enc' for " + encryption.algorithm());
    }
}
