package dev.oidchybrid.filter.internal.token;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Server-issued DPoP nonces of a resource (RFC 9449 §9), kept in no store: a nonce is the number of its
 * {@value #SLOT_SECONDS}-second time slot and an HMAC-SHA256 of it under the nonce keys, so every node holding the
 * same keys issues and accepts the same nonces. The current slot's nonce is issued; it and the previous slot's are
 * accepted, so a nonce lasts between one and two slots. The first key issues, all keys accept. The MAC covers the
 * API's audience too, so another API (or another filter) holding the same keys neither issues nor accepts this one's.
 */
public final class DpopNonces {

    static final long SLOT_SECONDS = 60;
    private static final String LABEL = "oidc-hybrid dpop-nonce ";

    private final List<byte[]> keys;
    private final String audience;
    private final Clock clock;

    /** @param keys the secrets nonces are derived from (at least one); the first issues */
    public DpopNonces(List<byte[]> keys, Clock clock) {
        this(keys, "", clock);
    }

    /**
     * @param keys     the secrets nonces are derived from (at least one); the first issues
     * @param audience the API's {@code audience}: nonces of an API with another one are refused
     */
    public DpopNonces(List<byte[]> keys, String audience, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no nonce key");
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
        this.audience = audience;
        this.clock = clock;
    }

    /** The nonce to hand out now ({@code DPoP-Nonce}). */
    public String current() {
        long slot = slot();
        return slot + "." + mac(keys.get(0), audience, slot);
    }

    /** Whether {@code nonce} is this slot's or the previous slot's, under any key (compared in constant time). */
    public boolean accepts(String nonce) {
        if (nonce == null || nonce.length() > 80) {
            return false;
        }
        int dot = nonce.indexOf('.');
        // at most 18 ASCII digits: always a long, so a crafted nonce never throws
        if (dot < 1 || dot > 18 || !nonce.substring(0, dot).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        long slot = Long.parseLong(nonce.substring(0, dot));
        long now = slot();
        if (slot != now && slot != now - 1) {
            return false;
        }
        byte[] given = nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(given, mac(key, audience, slot).getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    /** The longest a nonce is accepted. */
    public static Duration lifetime() {
        return Duration.ofSeconds(2 * SLOT_SECONDS);
    }

    private long slot() {
        return Math.floorDiv(clock.instant().getEpochSecond(), SLOT_SECONDS);
    }

    private static String mac(byte[] key, String audience, long slot) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((LABEL + slot + " " + audience).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks HmacSHA256", e);
        }
    }
}
