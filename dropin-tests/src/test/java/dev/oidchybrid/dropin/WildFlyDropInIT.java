package dev.oidchybrid.dropin;

import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock WildFly distribution (unpacked by the build unless {@code -DskipWildFly}) with the filter as a global module, as README.md
 * "Adding it without rebuilding the WAR" says: the all jar in {@code modules/dev/oidchybrid/filter/main} with its
 * module.xml, the module made global (with its services, so its ServletContainerInitializer runs) by the same
 * jboss-cli command, {@code OIDC_AUTO_REGISTER} and the filter's settings in environment variables. The legacy WAR
 * is deployed as it is. The run uses its own server base directory (a copy of {@code standalone/configuration}), so
 * the distribution's standalone.xml stays as shipped.
 */
class WildFlyDropInIT {

    static final String MODULE_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <module xmlns="urn:jboss:module:1.9" name="dev.oidchybrid.filter">
                <resources>
                    <resource-root path="oidc-hybrid-filter-all.jar"/>
                </resources>
                <dependencies>
                    <module name="jakarta.servlet.api"/>
                    <module name="jakarta.security.auth.message.api"/>
                    <module name="java.se"/>
                </dependencies>
            </module>
            """;

    static final String GLOBAL_MODULE_CLI = """
            embed-server --server-config=standalone.xml --std-out=discard
            /subsystem=ee:list-add(name=global-modules, value={name=dev.oidchybrid.filter, services=true})
            stop-embedded-server
            """;

    /**
     * For {@code OIDC_CONTAINER_AUTH}: the identity the filter's module hands Elytron is the OpenID Connect user
     * with the groups from roles-claim as roles, not a user looked up in the security domain's realm.
     */
    static final String CONTAINER_AUTH_CLI = """
            embed-server --server-config=standalone.xml --std-out=discard
            /subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi, value=false)
            stop-embedded-server
            """;

    private static DevProvider provider;
    private static Path work;
    private static Path war;

    @BeforeAll
    static void startProvider() {
        provider = DevProvider.startDefault();
        work = Path.of(System.getProperty("dropin.work"));
        war = LegacyWar.write(work.resolve("legacy.war"));
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void globalModuleWhenAutoRegisterThenTheLegacyWarIsBehindTheFilter() throws Exception {
        String output = run("legacy", war, List.of(GLOBAL_MODULE_CLI), Map.of("OIDC_AUTO_REGISTER", "/legacy"),
                app -> LegacyAppChecks.loginScriptRequestAndLogout(app, true));

        assertTrue(output.contains("OIDC filter added to web application /legacy (OIDC_AUTO_REGISTER)"), output);
        assertTrue(output.contains("OpenID Provider discovered: issuer " + provider.issuer()), output);
    }

    @Test
    void containerAuthWhenTheGlobalModuleLogsInThenConstraintsServletSecurityAndEjbRolesAllowedSeeTheUser()
            throws Exception {
        Path secured = SecuredWar.write(work.resolve("secured.war"), true);

        String output = run("secured", secured, List.of(GLOBAL_MODULE_CLI, CONTAINER_AUTH_CLI),
                SecuredAppChecks.environment("/secured"), app -> SecuredAppChecks.run(app, true, true));

        assertTrue(output.contains("logs users in for the container's security of web application /secured"),
                output);
    }

    /** What a test checks against the running application at the URL it is given. */
    @FunctionalInterface
    interface AppChecks {
        void check(String app) throws Exception;
    }

    /**
     * Installs the all jar as the global module in a fresh server base directory, applies the jboss-cli
     * {@code scripts}, deploys {@code deployment} as {@code <name>.war}, starts WildFly with the filter's environment
     * plus {@code extraEnvironment}, runs the checks, stops it and returns its output.
     */
    private static String run(String name, Path deployment, List<String> scripts, Map<String, String> extraEnvironment,
                              AppChecks checks) throws Exception {
        Path home = Path.of(System.getProperty("dropin.wildfly-home"));
        Path module = home.resolve("modules/dev/oidchybrid/filter/main");
        TomcatDropInIT.deleteTree(module);
        Files.createDirectories(module);
        Files.copy(Path.of(System.getProperty("dropin.all-jar")), module.resolve("oidc-hybrid-filter-all.jar"));
        Files.writeString(module.resolve("module.xml"), MODULE_XML, StandardCharsets.UTF_8);

        Path base = work.resolve(home.getFileName() + "-" + name);
        TomcatDropInIT.deleteTree(base);
        Files.createDirectories(base.resolve("deployments"));
        copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Map<String, String> cliEnvironment = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        for (int i = 0; i < scripts.size(); i++) {
            Path cli = work.resolve(name + "-" + i + ".cli");
            Files.writeString(cli, scripts.get(i), StandardCharsets.UTF_8);
            try (ServerProcess jbossCli = ServerProcess.start("jboss-cli", List.of("/bin/sh",
                    home.resolve("bin/jboss-cli.sh").toString(), "--file=" + cli), work, cliEnvironment,
                    work.resolve(name + "-" + i + "-jboss-cli.out"))) {
                assertEquals(0, jbossCli.awaitExit(Duration.ofMinutes(2)), jbossCli.output());
            }
        }
        assertTrue(Files.readString(base.resolve("configuration/standalone.xml"), StandardCharsets.UTF_8)
                .contains("<module name=\"dev.oidchybrid.filter\" services=\"true\"/>"));
        Files.copy(deployment, base.resolve("deployments/" + name + ".war"));

        int offset = freePortOffset();
        Map<String, String> environment = new HashMap<>(LegacyAppChecks.filterEnvironment(provider,
                LegacyAppChecks.newCookieKey()));
        environment.putAll(extraEnvironment);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // a loopback name: the filter's cookies are Secure there, and HtmlUnit sends them back to localhost only
        String app = "http://localhost:" + (8080 + offset) + "/" + name;
        String output;
        try (ServerProcess wildfly = ServerProcess.start("wildfly", List.of("/bin/sh",
                home.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1"),
                base, environment, base.resolve("console.out"))) {
            wildfly.awaitReady(URI.create(app + "/health"), Duration.ofMinutes(3));
            try {
                checks.check(app);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\nWildFly's output:\n" + wildfly.output(), e);
            }
            output = wildfly.output();
        }
        LegacyAppChecks.assertNoSecret(output, environment);
        return output;
    }

    /** A port offset at which WildFly's HTTP, HTTPS and management ports are all free now. */
    private static int freePortOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1000, 20000);
            if (Stream.of(8080, 8443, 9990, 9993).allMatch(port -> free(port + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    private static boolean free(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
