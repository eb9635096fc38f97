package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.crypto.Sealer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sessions unsealed in the last moments, by the SHA-256 of their sealed value, so that the requests of a signed-in
 * user (which present the same sealed value, sealing being deterministic to the minute) skip the JWE and JSON work
 * of {@link SessionCodec#unseal}. Per node and bounded ({@value #CAPACITY} entries, each kept at most
 * {@link #TTL}, never beyond when the store would still accept the value). Only values that unsealed are kept, and
 * only under the digest of the exact value: another value, a tampered one included, is unsealed on its own.
 * Nothing about the request is cached: expiry, revocation and refresh are still decided on every request by the
 * store and {@code SessionRefresh}, from the unsealed session.
 */
final class UnsealedSessions {

    static final int CAPACITY = 2048;
    static final Duration TTL = Duration.ofSeconds(30);

    private record Entry(LoadedSession loaded, long expiresAtMillis) {
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
        String key = Sealer.sha256(sealed);
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null) {
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
                entries.put(key, new Entry(session, expires));
            }
        });
        return loaded;
    }

    /** Forgets a value the store replaced or ended. */
    void forget(String sealed) {
        entries.remove(Sealer.sha256(sealed));
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
