package dev.oidchybrid.cluster;

import jakarta.security.auth.message.config.AuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.JDBCSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCacheFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One app node of the cluster tests, run in its own JVM by {@link NodeProcess}: embedded Jetty 12 (ee10) on
 * {@code 127.0.0.1:<port>} with the sample WAR at {@code /app}. The filter's settings come as
 * {@code -Doidc.<param>=value} system properties of this JVM (both filters of the sample's web.xml read them).
 *
 * <pre>
 * java -cp ... dev.oidchybrid.cluster.ClusterNode --name A --port 41001 --war sample-war.war --work target/.../A
 *      [--session-db jdbc:h2:tcp://127.0.0.1:41003/sessions]
 * </pre>
 *
 * <p>{@code --session-db}: Jetty's own session persistence for the {@code http-session} store: no session
 * cache ({@link NullSessionCacheFactory}: every request loads its session from the store, and writes it back
 * before the response is committed) over Jetty's stock JDBC session store ({@link JDBCSessionDataStoreFactory}
 * with a {@link DatabaseAdaptor} on the H2 driver and that URL), in the database that both nodes use. Jetty
 * creates its session table ({@code JettySessions}) itself when it is missing. The session id manager's worker
 * name (the table's {@code lastNode}) is the node's name.
 *
 * <p>Prints {@value #READY} and the node's name and port on stdout once Jetty and the WAR have started;
 * {@value #FAILED} and exits with status 1 when they cannot.
 */
public final class ClusterNode {

    /** The line prefix printed once the node serves. */
    public static final String READY = "CLUSTER-NODE-READY";
    /** The line prefix printed when the node cannot start. */
    public static final String FAILED = "CLUSTER-NODE-FAILED";
    /** The context path of the sample WAR. */
    public static final String CONTEXT_PATH = "/app";

    private ClusterNode() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        String name = required(options, "name");
        int port = Integer.parseInt(required(options, "port"));
        Path war = Path.of(required(options, "war"));
        Path work = Path.of(required(options, "work"));
        String sessionDb = options.get("session-db");
        // never outlive the test JVM that started this one (e.g. when it is killed)
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.out.println("the test JVM (" + parent.pid() + ") ended: node " + name + " stops");
            Runtime.getRuntime().halt(3);
        }));
        try {
            Files.createDirectories(work);
            Server server = newServer(name, port, war, work, sessionDb);
            server.start();
            WebAppContext webapp = (WebAppContext) server.getHandler();
            System.out.println("sessions: " + webapp.getSessionHandler().getSessionCache() + " over "
                    + webapp.getSessionHandler().getSessionCache().getSessionDataStore());
            System.out.println(READY + " " + name + " " + port);
            System.out.flush();
            server.join();
        } catch (Throwable e) {
            System.out.println(FAILED + " " + name + " " + port + ": " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    private static Server newServer(String name, int port, Path war, Path work, String sessionDb) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopAtShutdown(true);

        if (sessionDb != null) {
            DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
            ids.setWorkerName("node" + name);
            server.addBean(ids, true);
            NullSessionCacheFactory cache = new NullSessionCacheFactory();
            // the next request may reach the other node as soon as the browser has the answer
            cache.setFlushOnResponseCommit(true);
            cache.setSaveOnCreate(true);
            cache.setRemoveUnloadableSessions(true);
            server.addBean(cache);
            DatabaseAdaptor database = new DatabaseAdaptor();
            database.setDriverInfo("org.h2.Driver", sessionDb);
            JDBCSessionDataStoreFactory store = new JDBCSessionDataStoreFactory();
            store.setDatabaseAdaptor(database);
            // write a session when its attributes change, its access time (expiry) only every 30 s
            store.setSavePeriodSec(30);
            server.addBean(store);
        }

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.toString());
        webapp.setTempDirectory(work.resolve("webapp").toFile());
        // Log through this JVM's SLF4J provider (as the demo does): the WAR's own slf4j-api would find none.
        webapp.getProtectedClassMatcher().add("org.slf4j.");
        // the sample's container-auth (its /admin <security-constraint>): Jetty's Jakarta Authentication, and
        // its API visible to the WAR, as in the demo
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        webapp.getHiddenClassMatcher().exclude("jakarta.security.auth.message.");
        // a filter that cannot start fails the node (and the test, with this node's log), not just the context
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        return server;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
