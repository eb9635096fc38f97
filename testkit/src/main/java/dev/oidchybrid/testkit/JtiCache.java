package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code jti} values seen so far, each kept until it could no longer be accepted anyway (its token's expiry
 * plus the clock skew), to refuse replays of client assertions (RFC 7523, 3) and DPoP proofs (RFC 9449, 11.1).
 * Synchronized; pruned at most once a second.
 */
final class JtiCache {

    private final Clock clock;
    private final Map<String, Instant> seen = new HashMap<>();
    private Instant lastPrune = Instant.MIN;

    JtiCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records {@code key} (a jti, qualified by whatever scopes it, e.g. the client id) until {@code keepUntil}.
     *
     * @return true when it was new, false for a replay
     */
    synchronized boolean firstUse(String key, Instant keepUntil) {
        Instant now = clock.instant();
        if (now.isAfter(lastPrune.plusSeconds(1)) || now.isBefore(lastPrune)) {
            seen.values().removeIf(until -> until.isBefore(now));
            lastPrune = now;
        }
        Instant until = seen.get(key);
        if (until != null && !until.isBefore(now)) {
            return false;
        }
        seen.put(key, keepUntil);
        return true;
    }
}
