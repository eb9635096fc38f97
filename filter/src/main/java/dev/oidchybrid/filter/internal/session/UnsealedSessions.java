package dev.oidchybrid.filter.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sessions unsealed in the last moments, by their sealed value, so that the requests of a signed-in
 * user (which present the same sealed value, sealing being deterministic to the minute) skip the JWE and JSON work
 * of {@link SessionCodec#unseal}. Per node and bounded ({@value #CAPACITY} entries, each kept at most
 * {@link #TTL}, never beyond when the store would still accept the value). Only values that unsealed are kept, and
 * an entry answers only the exact value it was made from: another value, a tampered one included, is unsealed on
 * its own. Entries are found by the value's authentication tag (the last part of the JWE, a MAC under the sealing
 * key, so only values the filter sealed have the tags in here), then the whole value is compared: no digest of
 * kilobytes of cookie on every request.
 * Nothing about the request is cached: expiry, revocation and refresh are still decided on every request by the
 * store and {@code SessionRefresh}, from the unsealed session.
 */
final class UnsealedSessions {

    static final int CAPACITY = 2048;
    static final Duration TTL = Duration.ofSeconds(30);

    private record Entry(String sealed, LoadedSession loaded, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong nextPurge = new AtomicLong();
    private final Clock clock;
    private final int capacity;

    UnsealedSessions(Clock clock) {
        this(clock, CAPACITY);
    }

    UnsealedSessions(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /**
     * @param unsealer   unseals a value not seen lately
     * @param validUntil the last instant the store would accept this session (null: no limit of its own)
     */
    Optional<LoadedSession> unseal(String sealed, Function<String, Optional<LoadedSession>> unsealer,
                                   Function<LoadedSession, Instant> validUntil) {
        String key = tag(sealed);
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && entry.sealed().equals(sealed)) {
            if (entry.expiresAtMillis() > now) {
                return Optional.of(entry.loaded());
            }
            entries.remove(key, entry);
        }
        Optional<LoadedSession> loaded = unsealer.apply(sealed);
        loaded.ifPresent(session -> {
            long expires = now + TTL.toMillis();
            Instant limit = validUntil.apply(session);
            if (limit != null) {
                expires = Math.min(expires, limit.toEpochMilli());
            }
            if (expires > now && (entries.size() < capacity || purge(now))) {
                entries.put(key, new Entry(sealed, session, expires));
            }
        });
        return loaded;
    }

    /** Forgets a value the store replaced or ended. */
    void forget(String sealed) {
        String key = tag(sealed);
        Entry entry = entries.get(key);
        if (entry != null && entry.sealed().equals(sealed)) {
            entries.remove(key, entry);
        }
    }

    /** The JWE's last part (its authentication tag), or the whole value when it has no dot (it will not unseal). */
    static String tag(String sealed) {
        int dot = sealed.lastIndexOf('.');
        return dot < 0 ? sealed : sealed.substring(dot + 1);
    }

    int size() {
        return entries.size();
    }

    /** Drops expired entries (at most once a second); whether there is room now. */
    private boolean purge(long now) {
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + 1000)) {
            entries.values().removeIf(e -> e.expiresAtMillis() <= now);
        }
        return entries.size() < capacity;
    }
}
