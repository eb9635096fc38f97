package dev.oidchybrid.cluster;

import dev.oidchybrid.cluster.LoadBalancer.Node;
import dev.oidchybrid.testkit.DevProvider;
import org.h2.tools.Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole set-up of one test class: the development provider, the load balancer, for the JDBC session set-ups
 * an H2 TCP server with the session database, and the two app nodes (each its own JVM running
 * {@link ClusterNode}, optionally with a Hazelcast member), all on 127.0.0.1.
 *
 * <p>Both nodes get the same filter settings: the provider's issuer and the demo client, scope with
 * {@code offline_access}, {@code base-url} = the load balancer's {@code /app} (so both build the same
 * redirect_uri), the same {@code cookie-keys}, and the store's {@code session-store} / {@code shared-state} /
 * {@code jcache-*}. With {@link StoreSetup#jdbcSessions()} both nodes keep the container's sessions with Jetty's
 * stock JDBC session store in the one H2 database that this JVM serves ({@link SessionDatabase}). Everything a
 * run writes (node logs, Hazelcast configs, the H2 database file) is under {@code target/cluster/<name>/}.
 */
final class Cluster implements AutoCloseable {

    /** The provider's access token lifetime: short, so that a refresh comes due within a test. */
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(6);
    /** The JCache provider of the Hazelcast set-ups: a member in each node JVM. */
    static final String HAZELCAST_MEMBER_PROVIDER = "com.hazelcast.cache.HazelcastMemberCachingProvider";
    /** The node JVM's system property that the Hazelcast config takes the member's port from. */
    static final String HAZELCAST_PORT_PROPERTY = "cluster.hazelcast.port";

    private static final Duration CLUSTER_FORM_TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreSetup setup;
    private final Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private DevProvider provider;
    private LoadBalancer balancer;
    private SessionDatabase sessionDatabase;
    private final Map<Node, NodeProcess> nodes = new LinkedHashMap<>();

    private Cluster(StoreSetup setup, Path dir) {
        this.setup = setup;
        this.dir = dir;
    }

    /**
     * Starts provider, load balancer and both nodes, and waits until both nodes serve (and, with Hazelcast, have
     * formed a cluster of two).
     *
     * @param name  the run's name (its directory under target/cluster)
     * @param setup the stores
     */
    static Cluster start(String name, StoreSetup setup) {
        Path dir = Path.of(System.getProperty("cluster.work.dir", "target/cluster")).toAbsolutePath().resolve(name);
        Cluster cluster = new Cluster(setup, dir);
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() {
        deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the nodes' HTTP ports, then the Hazelcast members' ports, then the H2 server's port
        List<Integer> ports = freePorts(2 + (setup.hazelcast() ? 2 : 0) + (setup.jdbcSessions() ? 1 : 0));
        if (setup.jdbcSessions()) {
            sessionDatabase = SessionDatabase.start(ports.get(ports.size() - 1), dir.resolve("h2"));
            started.add(sessionDatabase);
        }
        provider = DevProvider.builder().accessTokenLifetime(ACCESS_TOKEN_LIFETIME).build().start();
        started.add(provider);
        balancer = new LoadBalancer(ports.get(0), ports.get(1)).start();
        started.add(balancer);

        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("issuer", provider.issuer());
        filter.put("client-id", DevProvider.DEMO_CLIENT_ID);
        filter.put("client-secret", DevProvider.DEMO_CLIENT_SECRET);
        filter.put("scope", "openid profile email offline_access");
        filter.put("base-url", balancer.origin() + ClusterNode.CONTEXT_PATH);
        filter.put("cookie-keys", secret());
        filter.put("session-store", setup.sessionStore());
        if (setup.sharedState() != null) {
            filter.put("shared-state", setup.sharedState());
        }
        if (setup.hazelcast()) {
            Path config = writeHazelcastConfig("oidc-cluster-" + UUID.randomUUID(), ports.get(2), ports.get(3));
            filter.put("jcache-provider", HAZELCAST_MEMBER_PROVIDER);
            filter.put("jcache-uri", config.toUri().toString());
        }
        for (Node node : Node.values()) {
            int hazelcastPort = setup.hazelcast() ? ports.get(node == Node.A ? 2 : 3) : 0;
            nodes.put(node, newNode(node, node == Node.A ? ports.get(0) : ports.get(1), hazelcastPort, filter));
        }
        if (setup.jdbcSessions()) {
            // one after the other: Jetty's JDBC store prepares its table on start by looking it up in the
            // database's metadata and, when missing, running "create table" and "create index" (twice). Two
            // nodes starting at once on an empty database both find nothing and both create, and the second
            // fails to start: Table "JETTYSESSIONS" already exists / Index "IDX_JETTYSESSIONS_SESSION" already
            // exists. Once node A serves, the table is there and node B only finds it.
            nodes.values().forEach(node -> {
                node.start();
                node.awaitReady();
            });
        } else {
            // both JVMs start at once; then wait for each
            nodes.values().forEach(NodeProcess::start);
            nodes.values().forEach(NodeProcess::awaitReady);
        }
        if (setup.hazelcast()) {
            nodes.values().forEach(Cluster::awaitHazelcastPair);
        }
    }

    DevProvider provider() {
        return provider;
    }

    LoadBalancer balancer() {
        return balancer;
    }

    /** The application URL of {@code path} through the load balancer, e.g. {@code app("/hello")}. */
    String app(String path) {
        return balancer.origin() + ClusterNode.CONTEXT_PATH + path;
    }

    /** The application URL of {@code path} on {@code node} directly (not through the load balancer). */
    String direct(Node node, String path) {
        return nodes.get(node).origin() + ClusterNode.CONTEXT_PATH + path;
    }

    /** Where the nodes' logs are, for failure messages. */
    String logs() {
        return nodes.values().stream().map(n -> n.log().toString()).reduce((x, y) -> x + ", " + y).orElse("");
    }

    /** Kills (destroyForcibly) the node: a crash. */
    void kill(Node node) {
        nodes.get(node).kill();
    }

    /** Starts the node again on its port, and waits until it serves (and, with Hazelcast, has rejoined). */
    void restart(Node node) {
        NodeProcess process = nodes.get(node);
        process.start();
        process.awaitReady();
        if (setup.hazelcast()) {
            awaitHazelcastPair(process);
        }
    }

    @Override
    public void close() {
        // both nodes at once: each may take a moment to stop
        nodes.values().forEach(NodeProcess::stop);
        nodes.values().forEach(NodeProcess::close);
        for (AutoCloseable closeable : started) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("cluster tear-down: " + closeable + " did not close: " + e);
            }
        }
        started.clear();
    }

    private NodeProcess newNode(Node node, int port, int hazelcastPort, Map<String, String> filter) {
        List<String> jvm = new ArrayList<>(List.of(
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true",
                "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.showShortLogName=true"));
        if (setup.hazelcast()) {
            jvm.addAll(List.of(
                    "-D" + HAZELCAST_PORT_PROPERTY + "=" + hazelcastPort,
                    "-Dhazelcast.phone.home.enabled=false",
                    "-Dhazelcast.logging.type=jdk",
                    // what Hazelcast asks for on Java 17 (it works without, slower and with warnings)
                    "--add-modules", "java.se",
                    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
        }
        filter.forEach((name, value) -> jvm.add("-Doidc." + name + "=" + value));
        // more options for both nodes, e.g. -Dcluster.node.jvmArgs="-agentlib:jdwp=..." when debugging
        String extra = System.getProperty("cluster.node.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }

        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("war", requiredProperty("sample.war"));
        arguments.put("work", dir.resolve("node-" + node).toString());
        if (setup.jdbcSessions()) {
            arguments.put("session-db", sessionDatabase.url());
        }
        return new NodeProcess(node.name(), port, dir.resolve("node-" + node + ".log"), jvm,
                requiredProperty("cluster.node.classpath"), arguments);
    }

    /**
     * The Hazelcast member config of both nodes, one file (so the filter's {@code jcache-uri} is the same on both
     * nodes, as with the same path on every machine: Hazelcast's JCache names each cache after its cache
     * manager's URI): each member's own port from the system property {@value #HAZELCAST_PORT_PROPERTY} of its
     * JVM, TCP-IP join to both members' ports on 127.0.0.1, no multicast or auto-detection, a cluster name of this
     * run only, quick failure detection.
     */
    private Path writeHazelcastConfig(String clusterName, int portA, int portB) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <instance-name>oidc-cluster-node</instance-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.socket.bind.any">false</property>
                    <property name="hazelcast.logging.type">jdk</property>
                    <property name="hazelcast.wait.seconds.before.join">1</property>
                    <property name="hazelcast.heartbeat.interval.seconds">1</property>
                    <property name="hazelcast.max.no.heartbeat.seconds">10</property>
                  </properties>
                  <network>
                    <port auto-increment="false">${%s}</port>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true" connection-timeout-seconds="2">
                        <member-list>
                          <member>127.0.0.1:%d</member>
                          <member>127.0.0.1:%d</member>
                        </member-list>
                      </tcp-ip>
                    </join>
                    <interfaces enabled="true">
                      <interface>127.0.0.1</interface>
                    </interfaces>
                  </network>
                </hazelcast>
                """.formatted(clusterName, HAZELCAST_PORT_PROPERTY, portA, portB);
        Path file = dir.resolve("hazelcast.xml");
        try {
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits until the node's Hazelcast member reports a cluster of two members. */
    private static void awaitHazelcastPair(NodeProcess node) {
        node.awaitLog(line -> line.contains("Members {size:2"), "Hazelcast cluster of 2 members",
                CLUSTER_FORM_TIMEOUT);
    }

    /**
     * The session database of the JDBC session set-ups: an H2 TCP server in this JVM on
     * {@code 127.0.0.1:<port>} (loopback only: {@code -tcpAllowOthers} is not given, and the failsafe
     * configuration sets {@code h2.bindAddress}), creating databases on first connection ({@code -ifNotExists})
     * under {@code baseDir}. This JVM holds one connection to the database {@value #NAME} for the whole class, so
     * that H2 does not close (and reopen) it each time the nodes have no connection open: Jetty's
     * {@code DatabaseAdaptor} with a driver and URL opens a new connection for every load and store. The nodes
     * reach it as {@code jdbc:h2:tcp://127.0.0.1:<port>/sessions}; Jetty creates its table there itself.
     */
    static final class SessionDatabase implements AutoCloseable {

        static final String NAME = "sessions";

        private final Server server;
        private final Connection held;
        private final String url;

        private SessionDatabase(Server server, Connection held, String url) {
            this.server = server;
            this.held = held;
            this.url = url;
        }

        static SessionDatabase start(int port, Path baseDir) {
            Server server;
            try {
                server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-tcpDaemon", "-ifNotExists",
                        "-baseDir", baseDir.toString()).start();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot start the H2 TCP server on port " + port, e);
            }
            String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + NAME;
            try {
                return new SessionDatabase(server, DriverManager.getConnection(url), url);
            } catch (SQLException e) {
                server.stop();
                throw new IllegalStateException("cannot open " + url, e);
            }
        }

        /** The JDBC URL of the database for the nodes. */
        String url() {
            return url;
        }

        @Override
        public void close() throws SQLException {
            try {
                held.close();
            } finally {
                server.stop();
            }
        }

        @Override
        public String toString() {
            return "H2 session database " + url;
        }
    }

    private static String secret() {
        byte[] bytes = new byte[36];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Distinct free ports on 127.0.0.1 (free now; the nodes bind them a moment later), taken below the kernel's
     * ephemeral range (32768 and up on Linux): a port handed out here and closed again could otherwise be given
     * meanwhile to a socket bound to port 0 (the load balancer, the provider), and a node would not start.
     */
    private static List<Integer> freePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            int candidate = 20_000 + RANDOM.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports.add(socket.getLocalPort());
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        return List.copyOf(ports);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven: "
                    + "mvn -pl cluster-tests verify, after installing filter, testkit and sample-war)");
        }
        return value;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
