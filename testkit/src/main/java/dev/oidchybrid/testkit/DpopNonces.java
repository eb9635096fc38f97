package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The server nonces of DPoP (RFC 9449, 8 and 9): a random nonce handed out in {@code DPoP-Nonce} headers, replaced
 * by a new one after {@link #ROTATION}; every nonce handed out is accepted for {@link #LIFETIME}. Synchronized.
 */
final class DpopNonces {

    /** How long a nonce is the one handed out. */
    static final Duration ROTATION = Duration.ofMinutes(1);

    /** How long a nonce handed out is accepted. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Instant> issued = new HashMap<>();
    private String current;
    private Instant currentSince = Instant.MIN;

    DpopNonces(Clock clock) {
        this.clock = clock;
    }

    /** The nonce to hand out now. */
    synchronized String current() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(currentSince.plus(ROTATION)) || now.isBefore(currentSince)) {
            issued.values().removeIf(expiry -> !expiry.isAfter(now));
            current = Secrets.randomToken();
            currentSince = now;
            issued.put(current, now.plus(LIFETIME));
        }
        return current;
    }

    /** Whether {@code nonce} was handed out and is still accepted. */
    synchronized boolean accepts(String nonce) {
        Instant expiry = nonce == null ? null : issued.get(nonce);
        return expiry != null && clock.instant().isBefore(expiry);
    }
}
