package dev.oidchybrid.cluster;

/**
 * {@code session-store=jcache} ({@code shared-state} left to its default, {@code jcache}): sessions and shared
 * state in the Hazelcast cluster of the two node JVMs (one member each); the browser holds only a handle.
 */
class JCacheStoreClusterIT extends ClusterScenarios {

    JCacheStoreClusterIT() {
        super(StoreSetup.jcache());
    }
}
