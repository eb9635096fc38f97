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
 * hashes, never the state itself; bounded, and evicts only by expiry.
 */
public final class LocalUsedStates implements UsedStates {

    private static final System.Logger LOG = System.getLogger(LocalUsedStates.class.getName());

    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final String what;
    private final int capacity;
    private final java.util.concurrent.atomic.AtomicLong fullWarnedAt = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param what     what is stored, for the log line when the store is full
     * @param capacity the most live entries kept
     */
    public LocalUsedStates(String what, int capacity) {
        this.what = what;
        this.capacity = capacity;
    }

    /**
     * Marks a value used until {@code expiresAt}. Expired entries make room; a store full of live ones refuses
     * the new value (answers "already used") rather than forget a live one, which would let it be replayed.
     */
    @Override
    public synchronized boolean markUsed(String value, Instant expiresAt, Instant now) {
        if (used.size() >= capacity) {
            used.values().removeIf(expiry -> !expiry.isAfter(now));
            if (used.size() >= capacity) {
                long minute = now.getEpochSecond() / 60;
                if (fullWarnedAt.getAndSet(minute) != minute) {
                    LOG.log(System.Logger.Level.WARNING, "OIDC replay store of " + what + " is full (" + capacity
                            + " live entries): refusing new ones until some expire. A flood of callbacks is the "
                            + "usual cause; with shared-state=jcache the cluster holds them instead");
                }
                return false;
            }
        }
        return used.putIfAbsent(hash(value), expiresAt) == null;
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
