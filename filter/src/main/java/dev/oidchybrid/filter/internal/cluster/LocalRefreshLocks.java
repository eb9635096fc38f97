package dev.oidchybrid.filter.internal.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** {@link RefreshLocks} in this node's memory: striped locks (a crash ends the node, and its locks with it). */
public final class LocalRefreshLocks implements RefreshLocks {

    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public LocalRefreshLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public Optional<Lease> acquire(String sessionId, Duration wait) throws InterruptedException {
        ReentrantLock lock = locks[Math.floorMod(sessionId.hashCode(), STRIPES)];
        if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(lock::unlock);
    }
}
