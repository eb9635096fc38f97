package dev.oidchybrid.filter.internal.crypto;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.keys.AesKey;
import org.jose4j.lang.JoseException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Seals text so that whoever holds it can neither read nor alter it: compact JWE with direct AES-256-GCM
 * (authenticated encryption). The keys are derived from the configured secrets with HMAC-SHA256 over a
 * purpose label, so a value sealed for one purpose (say, login state) never unseals as another (a session).
 * The label also carries the {@link SealingScope} (issuer, client, application), so a value sealed by another
 * application with the same secrets does not unseal here either. The first secret seals, every secret unseals
 * (key rotation), and the JWE {@code kid} says which one sealed.
 */
public final class Sealer {

    private record SealingKey(String kid, AesKey key, byte[] ivKey) {
    }
    private static final byte[] IV_LABEL = "synthetic-iv".getBytes(StandardCharsets.US_ASCII);

    private final List<SealingKey> keys;

    /**
     * @param secrets one or more secrets; the first seals
     * @param label   the purpose, e.g. {@code oidc-hybrid-filter/session/v1}
     */
    public Sealer(List<String> secrets, String label) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        List<SealingKey> derived = new ArrayList<>();
        for (String secret : secrets) {
            byte[] keyBytes = hmac(secret.getBytes(StandardCharsets.UTF_8), labelBytes);
            String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyBytes)).substring(0, 8);
            derived.add(new SealingKey(kid, new AesKey(keyBytes), hmac(keyBytes, IV_LABEL)));
        }
        this.keys = List.copyOf(derived);
    }

    public String seal(String plaintext) {
        return seal(plaintext, null);
    }

    /**
     * Seals so that the same text always gives the same value (a synthetic IV: the first 96 bits of an HMAC of
     * the text under a key of its own, so different texts never share an IV). For values that concurrent
     * responses may each write, such as chunked session cookies: equal sessions then give equal chunks, and a
     * browser that stores chunks of several responses still holds one consistent value. It reveals only
     * whether two sealed texts are equal.
     */
    public String sealDeterministic(String plaintext) {
        byte[] iv = new byte[12];
        System.arraycopy(hmac(keys.get(0).ivKey(), plaintext.getBytes(StandardCharsets.UTF_8)), 0, iv, 0, iv.length);
        return seal(plaintext, iv);
    }

    private String seal(String plaintext, byte[] iv) {
        SealingKey sealing = keys.get(0);
        JsonWebEncryption jwe = new JsonWebEncryption();
        if (iv != null) {
            jwe.setIv(iv);
        }
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(sealing.kid());
        jwe.setKey(sealing.key());
        jwe.setPayload(plaintext);
        try {
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /**
     * The text sealed in {@code value}, or empty when it is longer than {@code maxLength}, was altered, was
     * sealed by an unknown key or for another purpose, or is not a JWE at all.
     */
    public Optional<String> unseal(String value, int maxLength) {
        if (value == null || value.length() > maxLength) {
            return Optional.empty();
        }
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    KeyManagementAlgorithmIdentifiers.DIRECT));
            jwe.setContentEncryptionAlgorithmConstraints(new AlgorithmConstraints(
                    AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM));
            jwe.setCompactSerialization(value);
            if (jwe.getHeader("zip") != null) {
                return Optional.empty();
            }
            String kid = jwe.getKeyIdHeaderValue();
            Optional<SealingKey> key = keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
            if (key.isEmpty()) {
                return Optional.empty();
            }
            jwe.setKey(key.get().key());
            return Optional.of(jwe.getPayload());
        } catch (JoseException | RuntimeException e) {
            // sealed values come back from browsers and caches: any malformation means "nothing sealed here"
            return Optional.empty();
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** SHA-256, base64url without padding: for keys that must not reveal what they are derived from. */
    public static String sha256(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
