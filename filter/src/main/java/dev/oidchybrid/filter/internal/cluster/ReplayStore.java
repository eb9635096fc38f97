package dev.oidchybrid.filter.internal.cluster;

/**
 * A store of used one-time values that stands on its own (bearer mode keeps no other shared state), and what
 * releases it.
 *
 * @param used    the used values
 * @param release closes what the store opened (a JCache cache manager); the cluster keeps the values
 */
public record ReplayStore(UsedStates used, Runnable release) implements AutoCloseable {

    @Override
    public void close() {
        release.run();
    }
}
