package dev.oidchybrid.filter.internal.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Comparator;
import java.util.HashMap;
import java.util.PriorityQueue;

/**
 * {@link UsedStates} in this node's memory: remembers, until they expire, the states whose callback was
 * already processed here, so a replayed form_post is refused even if the replay carries the state cookie.
 * The cookie itself is deleted on first use, which covers the ordinary browser case on every node. Stores
 * hashes, never the state itself; bounded, and evicts only by expiry.
 */
public final class LocalUsedStates implements UsedStates {

    private static final System.Logger LOG = System.getLogger(LocalUsedStates.class.getName());

    /** What a store full of live entries does with a new one. */
    public enum WhenFull {
        /**
         * Forget the entry closest to expiry. For login states: their replay also needs the single-use cookie and a
         * code the provider has not redeemed, so this store is a second line, and refusing would let a flood of
         * callbacks lock every user out.
         */
        FORGET_SOONEST_EXPIRING,
        /** Refuse the new value (answer "already used"): for logout tokens, which only the provider can mint. */
        REFUSE
    }

    private record Entry(Instant expiresAt, String key) {
    }

    private final Map<String, Instant> used = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>(Comparator.comparing(Entry::expiresAt));
    private final String what;
    private final int capacity;
    private final WhenFull whenFull;
    private long fullWarnedMinute = -1;

    /**
     * @param what     what is stored, for the log line when the store is full
     * @param capacity the most live entries kept
     * @param whenFull what happens to a new value when all entries are live
     */
    public LocalUsedStates(String what, int capacity, WhenFull whenFull) {
        this.what = what;
        this.capacity = capacity;
        this.whenFull = whenFull;
    }

    /**
     * Marks a value used until {@code expiresAt}. Expired entries go first (in order of expiry, so a full store
     * costs a logarithmic step, not a scan); a store still full of live ones then does what {@link WhenFull} says,
     * never drops an arbitrary entry.
     */
    @Override
    public synchronized boolean markUsed(String value, Instant expiresAt, Instant now) {
        String key = hash(value);
        if (used.containsKey(key)) {
            if (used.get(key).isAfter(now)) {
                return false;
            }
            used.remove(key);
        }
        while (!byExpiry.isEmpty() && !byExpiry.peek().expiresAt().isAfter(now)) {
            Entry expired = byExpiry.poll();
            used.remove(expired.key(), expired.expiresAt());
        }
        if (used.size() >= capacity) {
            warnFull(now);
            if (whenFull == WhenFull.REFUSE) {
                return false;
            }
            while (used.size() >= capacity && !byExpiry.isEmpty()) {
                Entry soonest = byExpiry.poll();
                used.remove(soonest.key(), soonest.expiresAt());
            }
        }
        used.put(key, expiresAt);
        byExpiry.add(new Entry(expiresAt, key));
        return true;
    }

    private void warnFull(Instant now) {
        long minute = now.getEpochSecond() / 60;
        if (fullWarnedMinute != minute) {
            fullWarnedMinute = minute;
            LOG.log(System.Logger.Level.WARNING, "OIDC replay store of " + what + " is full (" + capacity + " live "
                    + "entries): " + (whenFull == WhenFull.REFUSE ? "refusing new ones until some expire"
                    : "forgetting the ones closest to expiry") + ". A flood of callbacks is the usual cause; with "
                    + "shared-state=jcache the cluster holds them instead");
        }
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
