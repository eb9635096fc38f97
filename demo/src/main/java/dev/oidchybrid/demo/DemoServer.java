package dev.oidchybrid.demo;

import dev.oidchybrid.testkit.DevProvider;
import jakarta.security.auth.message.config.AuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs the sample WAR in embedded Jetty 12 (ee10) on {@code http://localhost:PORT/} ({@code PORT}, default
 * 8080), the demo of the README.
 *
 * <p>Without a configured issuer (environment {@code OIDC_ISSUER} or system property {@code oidc.issuer}) it
 * also starts the testkit's development provider on {@code localhost} (port {@code DEV_PROVIDER_PORT}, default
 * any free one) and points the filter at it through the system properties {@code oidc.issuer},
 * {@code oidc.client-id} and {@code oidc.client-secret}, leaving alone any of them already given. With an
 * issuer it starts no provider: the filter then reads {@code OIDC_CLIENT_ID}, {@code OIDC_CLIENT_SECRET} and
 * any other {@code OIDC_<PARAM>} itself.
 *
 * <p>With {@code OIDC_PROFILE=fapi2} (or {@code OIDC_CLIENT_AUTH=private_key_jwt}) and no key of one's own, the
 * development provider and the filter get the {@link HighSecurityDemo} set-up: a fresh client key instead of the
 * secret, and with the profile PAR, DPoP nonces and ES256 tokens.
 *
 * <p>The WAR is {@code sample-war.war} beside this launcher's jar (both in {@code demo/target} after
 * {@code mvn package}); the system property {@value #WAR_PROPERTY} names another one. Ctrl-C stops Jetty,
 * then the provider.
 */
public final class DemoServer {

    /** System property naming the WAR to run instead of the one beside the launcher. */
    public static final String WAR_PROPERTY = "demo.war";

    private static final String WAR_NAME = "sample-war.war";
    private static final String DEFAULT_RESPONSE_TYPE = "code id_token";

    private DemoServer() {
    }

    /**
     * Starts the demo and blocks until the JVM is asked to stop.
     *
     * @param args ignored
     * @throws Exception when Jetty cannot start (e.g. the port is taken)
     */
    public static void main(String[] args) throws Exception {
        configureLogging();
        int port = intFromEnvironment("PORT", 8080);
        Path war;
        try {
            war = locateWar();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }

        DevProvider provider = null;
        HighSecurityDemo highSecurity = null;
        if (setting("issuer") == null) {
            highSecurity = HighSecurityDemo.of(DemoServer::setting);
            DevProvider.Builder builder = DevProvider.builder()
                    .host("localhost")
                    .port(intFromEnvironment("DEV_PROVIDER_PORT", 0));
            provider = (highSecurity == null ? builder : highSecurity.configure(builder)).build().start();
            setPropertyUnlessGiven("issuer", provider.issuer());
            setPropertyUnlessGiven("client-id", DevProvider.DEMO_CLIENT_ID);
            if (highSecurity == null) {
                setPropertyUnlessGiven("client-secret", DevProvider.DEMO_CLIENT_SECRET);
            } else {
                highSecurity.settings().forEach(DemoServer::setPropertyUnlessGiven);
            }
            // refresh tokens, and the scope of the sample's own API that /api-demo calls
            setPropertyUnlessGiven("scope", "openid profile email offline_access read:appointments");
        }

        Server server = newServer(port, war);
        DevProvider startedProvider = provider;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, startedProvider), "demo-shutdown"));
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("Could not start Jetty on localhost:" + port + ": " + e.getMessage()
                    + (port == 8080 ? " (set PORT to use another port)" : ""));
            System.exit(1);
        }
        printBanner(System.out, port, provider, highSecurity);
        server.join();
    }

    /** A Jetty server with one connector on {@code localhost:port} (0: any free port) and the WAR at {@code /}. */
    static Server newServer(int port, Path war) {
        // Jetty's Jakarta Authentication, as its ee10-jaspi module sets it up: the sample's <security-constraint>
        // on /admin is served by the filter's login (container-auth)
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        // Log through the launcher's SLF4J provider: without this the WAR's own slf4j-api finds no provider
        // (the one on the launcher's class path implements another copy of the API) and drops the filter's logs.
        webapp.getProtectedClassMatcher().add("org.slf4j.");
        // Jetty hides the Jakarta Authentication API from web applications (its ee10-jaspi modules live in the
        // server); the filter jar in the WAR registers its module through it, so the WAR may see it
        webapp.getHiddenClassMatcher().exclude("jakarta.security.auth.message.");
        server.setHandler(webapp);
        return server;
    }

    private static void stop(Server server, DevProvider provider) {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("Jetty did not stop cleanly: " + e);
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static void printBanner(PrintStream out, int port, DevProvider provider, HighSecurityDemo highSecurity) {
        String responseType = setting("response-type");
        if (responseType == null && highSecurity != null && highSecurity.fapi2()) {
            responseType = "code (profile fapi2)";
        }
        out.println();
        out.println("OIDC Hybrid Filter demo");
        out.println("  application    http://localhost:" + port + "/");
        if (provider != null) {
            out.println("  provider       " + provider.issuer() + "  (development provider, started by the demo)");
        } else {
            out.println("  provider       " + setting("issuer"));
        }
        out.println("  client         " + setting("client-id"));
        if (highSecurity != null) {
            out.println("  security       " + highSecurity.describe());
        }
        out.println("  response type  " + (responseType != null ? responseType
                : DEFAULT_RESPONSE_TYPE + " (default; set OIDC_RESPONSE_TYPE to change)"));
        if (provider != null) {
            out.println("  demo users     alice / alice-password  (roles admin, user)");
            out.println("                 bob / bob-password      (role user)");
        } else {
            out.println("  users          those of your provider");
        }
        out.println("Press Ctrl-C to stop.");
        out.println();
    }

    /**
     * A filter parameter as the filter sees it, web.xml aside: environment {@code OIDC_<NAME>}, else system
     * property {@code oidc.<name>}; {@code null} when neither is set.
     */
    private static String setting(String name) {
        String value = System.getenv("OIDC_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (value == null || value.isBlank()) {
            value = System.getProperty("oidc." + name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void setPropertyUnlessGiven(String name, String value) {
        if (setting(name) == null) {
            System.setProperty("oidc." + name, value);
        }
    }

    private static int intFromEnvironment(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'", e);
        }
    }

    /** The WAR named by {@value #WAR_PROPERTY}, else {@code sample-war.war} beside the launcher's jar. */
    private static Path locateWar() throws URISyntaxException {
        String configured = System.getProperty(WAR_PROPERTY);
        Path war;
        if (configured != null && !configured.isBlank()) {
            war = Path.of(configured);
        } else {
            // The jar in demo/target, or demo/target/classes when run from an IDE: the WAR is in demo/target.
            Path launcher = Path.of(DemoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            war = launcher.toAbsolutePath().getParent().resolve(WAR_NAME);
        }
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("No sample WAR at " + war + ": build it with 'mvn -DskipTests package'"
                    + " from the repository root, or name one with -D" + WAR_PROPERTY + "=...");
        }
        return war;
    }

    /** Readable defaults for slf4j-simple; any {@code -Dorg.slf4j.simpleLogger...} given wins. */
    private static void configureLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
