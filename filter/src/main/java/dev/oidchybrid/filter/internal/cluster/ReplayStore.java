package dev.oidchybrid.filter.internal.cluster;

import java.util.function.BooleanSupplier;

/**
 * A store of used one-time values that stands on its own (bearer mode keeps no other shared state), and what
 * releases it.
 *
 * @param used      the used values
 * @param release   closes what the store opened (a JCache cache manager); the cluster keeps the values
 * @param reachable whether the store answers one cheap read (always true for a local store), for health checks
 */
public record ReplayStore(UsedStates used, Runnable release, BooleanSupplier reachable) implements AutoCloseable {

    /** A store in this node's memory. */
    public ReplayStore(UsedStates used, Runnable release) {
        this(used, release, () -> true);
    }

    @Override
    public void close() {
        release.run();
    }
}
