package dev.oidchybrid.filter.flow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UsedStates} in this node's memory: remembers, until they expire, the states whose callback was
 * already processed here, so a replayed form_post is refused even if the replay carries the state cookie.
 * The cookie itself is deleted on first use, which covers the ordinary browser case on every node. Stores
 * hashes, never the state itself; bounded.
 */
public final class LocalUsedStates implements UsedStates {

    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final int capacity;

    public LocalUsedStates(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean markUsed(String state, Instant expiresAt, Instant now) {
        if (used.size() >= capacity) {
            used.values().removeIf(expiry -> expiry.isBefore(now));
            if (used.size() >= capacity) {
                // still full of live entries: drop an arbitrary one rather than grow without bound
                used.keySet().stream().findAny().ifPresent(used::remove);
            }
        }
        return used.putIfAbsent(hash(state), expiresAt) == null;
    }

    private static String hash(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
