package dev.oidchybrid.filter.internal.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callbacks whose code the provider refused, per client address: after {@link #MAX_FAILURES} within
 * {@link #WINDOW}, further callbacks from that address are refused (429) until the window ends, before anything
 * of them is used. A state is free to get
 * and, in the code flow, each forged callback costs the client an authenticated token request at the provider;
 * real users fail a login a few times at most. Keyed by the connection's address ({@code getRemoteAddr()}, never a
 * header the client writes); bounded in the number of addresses it tracks.
 */
final class CallbackThrottle {

    static final int MAX_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 10_000;

    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    CallbackThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds to wait before this address may send callbacks again; 0 when it may now. */
    long retryAfterSeconds(String address) {
        Window window = windows.get(address);
        long now = clock.millis();
        if (window == null || now - window.startMillis() >= WINDOW.toMillis() || window.failures() < MAX_FAILURES) {
            return 0;
        }
        return Math.max(1, (window.startMillis() + WINDOW.toMillis() - now + 999) / 1000);
    }

    /** Counts a callback from this address whose code the provider refused. */
    void recordFailure(String address) {
        long now = clock.millis();
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            windows.values().removeIf(w -> now - w.startMillis() >= WINDOW.toMillis());
            if (windows.size() >= MAX_ADDRESSES) {
                return; // the bulkhead still bounds what so many addresses can cost
            }
        }
        windows.compute(address, (a, w) -> w == null || now - w.startMillis() >= WINDOW.toMillis()
                ? new Window(now, 1) : new Window(w.startMillis(), w.failures() + 1));
    }
}
