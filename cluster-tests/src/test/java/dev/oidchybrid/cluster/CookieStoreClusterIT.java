package dev.oidchybrid.cluster;

/**
 * {@code session-store=cookie} with {@code shared-state=jcache}: the session sealed in cookies (no server
 * state), the shared state in the Hazelcast cluster of the two node JVMs.
 */
class CookieStoreClusterIT extends ClusterScenarios {

    CookieStoreClusterIT() {
        super(StoreSetup.cookie());
    }
}
