package dev.oidchybrid.cluster;

/**
 * How the two nodes keep sessions and the filter's shared state (back-channel logout revocations, refresh
 * locks and results, used login states).
 *
 * @param sessionStore the filter's {@code session-store}
 * @param sharedState  the filter's {@code shared-state}, or null for its default
 * @param jdbcSessions whether the nodes persist container sessions with Jetty's stock JDBC session store, in one
 *                     H2 database (a TCP server in the test JVM) that both use (NullSessionCache: every request
 *                     loads its session from there)
 * @param hazelcast    whether each node JVM runs a Hazelcast member (the JCache cluster of two on loopback) for
 *                     the filter's {@code jcache-provider} / {@code jcache-uri}
 */
record StoreSetup(String sessionStore, String sharedState, boolean jdbcSessions, boolean hazelcast) {

    /** The container's session, carried across nodes by Jetty's JDBC session store; shared state node-local. */
    static StoreSetup httpSession() {
        return new StoreSetup("http-session", "local", true, false);
    }

    /** The container's session (Jetty's JDBC session store), shared state in the JCache (Hazelcast) cluster. */
    static StoreSetup httpSessionWithJCacheState() {
        return new StoreSetup("http-session", "jcache", true, true);
    }

    /** Sessions sealed in cookies, shared state in the JCache (Hazelcast) cluster. */
    static StoreSetup cookie() {
        return new StoreSetup("cookie", "jcache", false, true);
    }

    /** Sessions and shared state in the JCache (Hazelcast) cluster (shared-state left to its default). */
    static StoreSetup jcache() {
        return new StoreSetup("jcache", null, false, true);
    }

    @Override
    public String toString() {
        return "session-store=" + sessionStore + ", shared-state=" + (sharedState == null ? "(default)" : sharedState)
                + (jdbcSessions ? ", Jetty JDBC sessions (H2)" : "") + (hazelcast ? ", Hazelcast members" : "");
    }
}
