package dev.oidchybrid.filter.internal.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Whether the JCache cluster answers, as health checks ask it: one cheap read ({@code JCacheSharedState#reachable})
 * on a thread of its own, given at most {@code timeout} (a cluster client may otherwise block for its own, much
 * longer, timeouts), and its answer kept for {@code ttl}, so a health poller, however often it asks, causes at most
 * one read per {@code ttl} and never more than one at a time.
 */
public final class CacheProbe implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final BooleanSupplier probe;
    private final Clock clock;
    private final Duration timeout;
    private final Duration ttl;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "oidc-health-jcache-probe");
        t.setDaemon(true);
        return t;
    });

    private Instant checkedAt = Instant.MIN;
    private boolean reachable;
    private Future<Boolean> running;

    /** @param probe reads the cluster once: true when it answered, false when it failed */
    public CacheProbe(BooleanSupplier probe, Clock clock, Duration timeout, Duration ttl) {
        this.probe = probe;
        this.clock = clock;
        this.timeout = timeout;
        this.ttl = ttl;
    }

    /** The cluster's last known reachability, probed again when the last answer is older than the ttl. */
    public synchronized boolean reachable() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(ttl))) {
            return reachable;
        }
        if (running == null) {
            running = thread.submit(probe::getAsBoolean);
        }
        try {
            reachable = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            running = null;
        } catch (TimeoutException e) {
            // the probe goes on; the next health check after the ttl waits for it again rather than start another
            LOG.log(System.Logger.Level.WARNING, "OIDC health: the JCache cluster did not answer within {0} ms: "
                    + "check that its members run and that this node reaches them (jcache-* settings)",
                    timeout.toMillis());
            reachable = false;
        } catch (ExecutionException e) {
            running = null;
            reachable = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable = false;
        }
        checkedAt = now;
        return reachable;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
