package dev.oidchybrid.dropin;

import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock Jetty 12 distribution (jetty-home, unpacked by the build) with the filter as README.md "Adding it
 * without rebuilding the WAR" says for Jetty: a module of the {@code ee10} environment that puts the all jar on
 * that environment's class path, beside Jetty's own {@code ee10-deploy}, {@code ee10-annotations} (so that the jar's
 * ServletContainerInitializer runs) and {@code ee10-jaspi} (Jakarta Authentication). The secured legacy WAR is
 * deployed as it is, its constraints served by the filter's login ({@code OIDC_CONTAINER_AUTH}). Each run has its
 * own JETTY_BASE.
 */
class JettyDropInIT {

    static final String MODULE = """
            [description]
            OIDC Hybrid Filter for the ee10 web applications of this server

            [environment]
            ee10

            [depend]
            ee10-annotations
            ee10-jaspi

            [lib]
            lib/ee10-oidc/*.jar
            """;

    static final String MODULES = "http,ee10-deploy,ee10-annotations,ee10-jaspi,oidc-hybrid-filter";

    private static DevProvider provider;
    private static Path work;

    @BeforeAll
    static void startProvider() {
        provider = DevProvider.startDefault();
        work = Path.of(System.getProperty("dropin.work"));
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void containerAuthWhenTheAllJarIsAnEe10ModuleThenTheWarsOwnConstraintsUseTheFiltersLogin() throws Exception {
        Path home = Path.of(System.getProperty("dropin.jetty-home"));
        Path base = work.resolve(home.getFileName() + "-container-auth");
        TomcatDropInIT.deleteTree(base);
        Files.createDirectories(base.resolve("modules"));
        Files.writeString(base.resolve("modules/oidc-hybrid-filter.mod"), MODULE, StandardCharsets.UTF_8);
        Files.createDirectories(base.resolve("lib/ee10-oidc"));
        Files.copy(Path.of(System.getProperty("dropin.all-jar")), base.resolve("lib/ee10-oidc/oidc-hybrid-filter-all.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> javaOnly = Map.of("JAVA_HOME", System.getProperty("java.home"));
        try (ServerProcess setUp = ServerProcess.start("jetty-add-modules", List.of(java, "-jar",
                home.resolve("start.jar").toString(), "--add-modules=" + MODULES), base, javaOnly,
                work.resolve("jetty-add-modules.out"))) {
            assertEquals(0, setUp.awaitExit(Duration.ofMinutes(1)), setUp.output());
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(SecuredWar.write(work.resolve("secured-jetty.war"), false), base.resolve("webapps/secured.war"));

        int port = LegacyAppChecks.freePort();
        Map<String, String> environment = new HashMap<>(LegacyAppChecks.filterEnvironment(provider,
                LegacyAppChecks.newCookieKey()));
        environment.putAll(SecuredAppChecks.environment("/secured"));
        environment.putAll(javaOnly);
        // a loopback name: the filter's cookies are Secure there, and HtmlUnit sends them back to localhost only
        String app = "http://localhost:" + port + "/secured";
        String output;
        try (ServerProcess jetty = ServerProcess.start("jetty", List.of(java, "-jar",
                home.resolve("start.jar").toString(), "jetty.http.host=127.0.0.1", "jetty.http.port=" + port),
                base, environment, base.resolve("console.out"))) {
            jetty.awaitReady(URI.create(app + "/health"), Duration.ofSeconds(90));
            try {
                // Jetty asks the module only where a constraint needs a user: authenticate() on a path the filter
                // excludes does not start a login there
                SecuredAppChecks.run(app, false, false);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\nJetty's output:\n" + jetty.output(), e);
            }
            output = jetty.output();
        }
        LegacyAppChecks.assertNoSecret(output, environment);
        assertTrue(output.contains("logs users in for the container's security of web application /secured"),
                output);
    }
}
