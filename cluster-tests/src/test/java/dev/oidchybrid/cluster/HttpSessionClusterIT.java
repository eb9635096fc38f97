package dev.oidchybrid.cluster;

/**
 * {@code session-store=http-session} with {@code shared-state=local}: the container's session, carried across
 * the nodes by Jetty's own persistence: no session cache, Jetty's stock JDBC session store
 * ({@code JDBCSessionDataStore}) in one H2 database that both nodes use (see {@link Cluster.SessionDatabase}).
 * Back-channel logout revocations and refresh locks stay node-local here: (d) shows that a back-channel logout
 * reaches the other node only through the receiving node, and (e) that one refresh grant per session needs
 * sticky routing.
 */
class HttpSessionClusterIT extends ClusterScenarios {

    HttpSessionClusterIT() {
        super(StoreSetup.httpSession());
    }
}
