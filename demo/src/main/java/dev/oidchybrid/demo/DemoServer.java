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
    /** The scope of the sample's own API ({@code /api/appointments}). */
    private static final String API_SCOPE = "read:appointments";

    private DemoServer() {
    }

    /**
     * Starts the demo and blocks until the JVM is asked to stop; exits with status 1 at once (the reason as the
     * last line of output) when Jetty or the application does not start, 2 without a WAR.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws InterruptedException {
        configureLogging();
        int status = run(System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Starts the development provider (unless an issuer is configured) and Jetty with the WAR, prints the banner and
     * blocks until Jetty stops.
     *
     * @return 0 after Jetty stopped; 1 when Jetty or the application did not start, 2 without a WAR (the reason is
     *         then the last line on {@code err}, and nothing is left running)
     */
    static int run(PrintStream out, PrintStream err) throws InterruptedException {
        int port;
        Path war;
        try {
            port = intFromEnvironment("PORT", 8080);
            war = locateWar();
        } catch (IllegalArgumentException | IllegalStateException | URISyntaxException e) {
            err.println(e.getMessage());
            return 2;
        }

        DevProvider provider = null;
        HighSecurityDemo highSecurity = null;
        if (setting("issuer") == null) {
            highSecurity = HighSecurityDemo.of(DemoServer::setting);
            DevProvider.Builder builder = DevProvider.builder()
                    .host("localhost")
                    .port(intFromEnvironment("DEV_PROVIDER_PORT", 0))
                    // the scope of the sample's own API, which the demo asks for below
                    .scopesSupported(API_SCOPE);
            provider = (highSecurity == null ? builder : highSecurity.configure(builder)).build().start();
            setPropertyUnlessGiven("issuer", provider.issuer());
            setPropertyUnlessGiven("client-id", DevProvider.DEMO_CLIENT_ID);
            if (highSecurity == null) {
                setPropertyUnlessGiven("client-secret", DevProvider.DEMO_CLIENT_SECRET);
            } else {
                highSecurity.settings().forEach(DemoServer::setPropertyUnlessGiven);
            }
            // refresh tokens, and the scope of the sample's own API that /api-demo calls
            setPropertyUnlessGiven("scope", "openid profile email offline_access " + API_SCOPE);
        }

        Server server = newServer(port, war);
        try {
            server.start();
        } catch (Exception e) {
            stop(server, provider, err);
            err.println(startFailure(e, port));
            err.flush();
            return 1;
        }
        DevProvider startedProvider = provider;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, startedProvider, System.err),
                "demo-shutdown"));
        printBanner(out, ((ServerConnector) server.getConnectors()[0]).getLocalPort(), provider, highSecurity);
        server.join();
        return 0;
    }

    /**
     * Why Jetty did not start, in one line: the port, or the application's own reason (an invalid filter setting
     * names the parameter and what to do), which is the innermost cause's message.
     */
    static String startFailure(Throwable failure, int port) {
        Throwable cause = failure;
        while (true) {
            if (cause instanceof java.net.BindException) {
                return "Could not start Jetty on localhost:" + port + ": " + cause.getMessage()
                        + (port == 8080 ? " (set PORT to use another port)" : "");
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return "The sample application did not start: " + message.replace('\n', ' ');
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
        // an application that does not deploy (an invalid filter setting) fails the start, rather than leaving a
        // server that answers 503 to everything
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        return server;
    }

    private static void stop(Server server, DevProvider provider, PrintStream err) {
        try {
            server.stop();
        } catch (Exception e) {
            err.println("Jetty did not stop cleanly: " + e);
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
        String app = "http://localhost:" + port + "/";
        out.println("  application    " + app + "  (home page, public: signed in or not, as whom)");
        out.println("  pages          " + app + "profile   ID token claims (JSON)");
        out.println("                 " + app + "hello, whoami   the user as the servlet API sees it");
        out.println("                 " + app + "api-demo   calls the sample's API with the access token");
        out.println("                 " + app + "admin   role admin only (alice yes, bob 403)");
        out.println("                 " + app + "logout-everywhere, logout   sign out (everywhere)");
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
        // a WAR that does not deploy: the demo says why in one line as it exits (see run), without Jetty's trace
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty.ee10.webapp.WebAppContext", "error");
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
