package dev.oidchybrid.filter.flow;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.keys.AesKey;
import org.jose4j.lang.JoseException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Seals a {@link PendingLogin} into an opaque cookie value and back: JWE with direct AES-256-GCM
 * (authenticated encryption), so the browser can neither read nor alter it. Keys are derived from the
 * configured secrets (HMAC-SHA256 with a fixed label); the first key seals, all keys unseal (rotation), and
 * the JWE {@code kid} says which one sealed.
 */
public final class PendingLoginSealer {

    private static final byte[] LABEL = "oidc-hybrid-filter/pending-login/v1".getBytes(StandardCharsets.US_ASCII);

    private record SealingKey(String kid, AesKey key) {
    }

    private final List<SealingKey> keys;

    /** @param secrets one or more secrets; the first seals */
    public PendingLoginSealer(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        List<SealingKey> derived = new ArrayList<>();
        for (String secret : secrets) {
            byte[] keyBytes = hmac(secret.getBytes(StandardCharsets.UTF_8), LABEL);
            String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyBytes)).substring(0, 8);
            derived.add(new SealingKey(kid, new AesKey(keyBytes)));
        }
        this.keys = List.copyOf(derived);
    }

    public String seal(PendingLogin login) {
        String payload = Json.createObjectBuilder()
                .add("s", login.state())
                .add("n", login.nonce())
                .add("v", login.codeVerifier())
                .add("r", login.returnPath())
                .add("t", login.issuedAt().getEpochSecond())
                .add("u", login.redirectUri())
                .build().toString();
        SealingKey sealing = keys.get(0);
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(sealing.kid());
        jwe.setKey(sealing.key());
        jwe.setPayload(payload);
        try {
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** The login sealed in {@code value}, or empty when it was altered, sealed by an unknown key, or garbage. */
    public Optional<PendingLogin> unseal(String value) {
        if (value == null || value.length() > 8192) {
            return Optional.empty();
        }
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    KeyManagementAlgorithmIdentifiers.DIRECT));
            jwe.setContentEncryptionAlgorithmConstraints(new AlgorithmConstraints(
                    AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM));
            jwe.setCompactSerialization(value);
            String kid = jwe.getKeyIdHeaderValue();
            Optional<SealingKey> key = keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
            if (key.isEmpty()) {
                return Optional.empty();
            }
            jwe.setKey(key.get().key());
            try (JsonReader reader = Json.createReader(new StringReader(jwe.getPayload()))) {
                JsonObject json = reader.readObject();
                return Optional.of(new PendingLogin(json.getString("s"), json.getString("n"), json.getString("v"),
                        json.getString("r"), Instant.ofEpochSecond(json.getJsonNumber("t").longValueExact()),
                        json.getString("u")));
            }
        } catch (JoseException | RuntimeException e) {
            // the cookie is attacker-controlled: any malformation (bad JWE, bad JSON, missing member) is "no login"
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

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
