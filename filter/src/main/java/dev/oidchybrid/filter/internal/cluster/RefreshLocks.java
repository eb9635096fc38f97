package dev.oidchybrid.filter.internal.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * Single-flight for refreshes: one lock per session id, so however many requests of one session arrive at
 * once (on however many nodes, with a shared implementation), one sends the refresh grant. A lock is a lease:
 * a holder that crashes cannot block its session for longer than the lease.
 */
public interface RefreshLocks {

    /**
     * Takes the session's lock, waiting at most {@code wait}.
     *
     * @return the held lease (close it to release), or empty when another holder kept it for all of {@code wait}
     */
    Optional<Lease> acquire(String sessionId, Duration wait) throws InterruptedException;

    /** A held lock; {@link #close()} releases it if it is still held by this lease. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
