package dev.oidchybrid.filter.internal.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RefreshResults} in this node's memory, kept for {@code retention}, bounded. */
public final class LocalRefreshResults implements RefreshResults {

    private record Entry(String value, Instant expiresAt) {
    }

    private final Map<String, Entry> results = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;
    private final int capacity;

    public LocalRefreshResults(Clock clock, Duration retention, int capacity) {
        this.clock = clock;
        this.retention = retention;
        this.capacity = capacity;
    }

    @Override
    public void publish(String key, String sealedSession) {
        Instant now = clock.instant();
        if (results.size() >= capacity) {
            results.values().removeIf(e -> e.expiresAt().isBefore(now));
            if (results.size() >= capacity) {
                results.keySet().stream().findAny().ifPresent(results::remove);
            }
        }
        results.put(key, new Entry(sealedSession, now.plus(retention)));
    }

    @Override
    public Optional<String> find(String key) {
        Entry entry = results.get(key);
        return entry == null || entry.expiresAt().isBefore(clock.instant()) ? Optional.empty()
                : Optional.of(entry.value());
    }
}
