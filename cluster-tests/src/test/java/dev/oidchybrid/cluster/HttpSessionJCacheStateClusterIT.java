package dev.oidchybrid.cluster;

/**
 * {@code session-store=http-session} (Jetty's JDBC session store over H2, as in {@link HttpSessionClusterIT})
 * with {@code shared-state=jcache}: revocations, refresh locks and results and used login states in the
 * Hazelcast cluster of the two node JVMs.
 */
class HttpSessionJCacheStateClusterIT extends ClusterScenarios {

    HttpSessionJCacheStateClusterIT() {
        super(StoreSetup.httpSessionWithJCacheState());
    }
}
