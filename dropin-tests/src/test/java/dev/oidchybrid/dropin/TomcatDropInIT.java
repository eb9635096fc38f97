package dev.oidchybrid.dropin;

import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock Tomcat distributions (10.1 and 11, unpacked from Maven Central by the build) with the filter added as
 * README.md "Adding it without rebuilding the WAR" says: the all jar in {@code lib/}, settings in environment
 * variables, and either a {@code <filter>} in {@code conf/web.xml} or {@code OIDC_AUTO_REGISTER}. The legacy WAR is
 * deployed as it is; a variant of it brings its own Jersey and Yasson, which must keep working beside the filter's
 * (relocated) copies. Each run gets its own CATALINA_BASE (conf/ copied from the distribution) and is started with
 * {@code bin/catalina.sh run}.
 */
class TomcatDropInIT {

    static final String CONF_WEB_XML_FILTER = """
              <filter>
                <filter-name>oidc</filter-name>
                <filter-class>dev.oidchybrid.filter.web.OidcHybridFilter</filter-class>
                <async-supported>true</async-supported>
              </filter>
              <filter-mapping>
                <filter-name>oidc</filter-name>
                <url-pattern>/*</url-pattern>
              </filter-mapping>
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

    static Stream<Path> tomcats() {
        return Arrays.stream(System.getProperty("dropin.tomcat-homes").split(",")).map(Path::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tomcats")
    void confWebXmlWhenTheAllJarIsInLibThenTheLegacyWarIsBehindTheFilter(Path home) throws Exception {
        Path base = catalinaBase(home, "conf-web-xml");
        Path webXml = base.resolve("conf/web.xml");
        String defaults = Files.readString(webXml, StandardCharsets.UTF_8);
        int end = defaults.lastIndexOf("</web-app>");
        assertTrue(end > 0, "conf/web.xml without </web-app>");
        Files.writeString(webXml, defaults.substring(0, end) + CONF_WEB_XML_FILTER + defaults.substring(end),
                StandardCharsets.UTF_8);

        // conf/web.xml's filters come after the application's own
        String output = runLegacyApp(home, base, Map.of(), false);

        assertTrue(output.contains("OpenID Provider discovered: issuer " + provider.issuer()), output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tomcats")
    void autoRegisterWhenTheAllJarIsInLibThenTheLegacyWarIsBehindTheFilter(Path home) throws Exception {
        Path base = catalinaBase(home, "auto-register");

        String output = runLegacyApp(home, base, Map.of("OIDC_AUTO_REGISTER", "/legacy"), true);

        assertTrue(output.contains("OIDC filter added to web application /legacy (OIDC_AUTO_REGISTER)"), output);
        assertTrue(output.contains("OpenID Provider discovered: issuer " + provider.issuer()), output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tomcats")
    void autoRegisterWhenTheWarBringsItsOwnJaxRsAndJsonBThenTheFilterAndTheApplicationEachUseTheirOwn(Path home)
            throws Exception {
        Path base = catalinaBase(home, "auto-register-jaxrs");
        List<Path> libraries;
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("dropin.war-libraries")))) {
            libraries = jars.sorted().toList();
        }
        Path jaxRsWar = LegacyWar.write(work.resolve("legacy-jaxrs.war"), libraries);

        String output = runLegacyApp(home, base, jaxRsWar, Map.of("OIDC_AUTO_REGISTER", "/legacy"), true,
                (browser, app) -> {
                    String body = browser.open(app + "/jaxrs?url=" + provider.issuer()
                            + "/.well-known/openid-configuration").getWebResponse().getContentAsString();
                    assertEquals("client=org.glassfish.jersey.client.JerseyClient fromWar=true issuer="
                            + provider.issuer() + " json={\"app\":\"own\"}", body);
                });

        assertTrue(output.contains("OIDC filter added to web application /legacy (OIDC_AUTO_REGISTER)"), output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tomcats")
    void containerAuthWhenTheAllJarIsInLibThenTheWarsOwnConstraintsUseTheFiltersLogin(Path home) throws Exception {
        Path base = catalinaBase(home, "container-auth");
        Path secured = SecuredWar.write(work.resolve("secured.war"), false);

        String output = runApp(home, base, secured, "secured", SecuredAppChecks.environment("/secured"),
                app -> SecuredAppChecks.run(app, false, true));

        assertTrue(output.contains("logs users in for the container's security of web application /secured"),
                output);
    }

    /**
     * Starts Tomcat with the legacy WAR and the filter's environment plus {@code extraEnvironment}, runs the
     * application checks, stops it and returns its console output.
     */
    private String runLegacyApp(Path home, Path base, Map<String, String> extraEnvironment,
                                boolean auditFilterSeesUser) throws Exception {
        return runLegacyApp(home, base, war, extraEnvironment, auditFilterSeesUser, (browser, app) -> { });
    }

    private String runLegacyApp(Path home, Path base, Path legacyWar, Map<String, String> extraEnvironment,
                                boolean auditFilterSeesUser, LegacyAppChecks.WhileLoggedIn more) throws Exception {
        return runApp(home, base, legacyWar, "legacy", extraEnvironment,
                app -> LegacyAppChecks.loginScriptRequestAndLogout(app, auditFilterSeesUser, more));
    }

    /** What a test checks against the running application at the URL it is given. */
    @FunctionalInterface
    interface AppChecks {
        void check(String app) throws Exception;
    }

    /**
     * Starts Tomcat with the all jar in lib/, {@code war} as {@code webapps/<name>.war} and the filter's environment
     * plus {@code extraEnvironment}, runs the checks, stops it and returns its console output.
     */
    private String runApp(Path home, Path base, Path war, String name, Map<String, String> extraEnvironment,
                          AppChecks checks) throws Exception {
        int port = LegacyAppChecks.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        Files.writeString(serverXml, replaceOnce(replaceOnce(Files.readString(serverXml, StandardCharsets.UTF_8),
                        "<Server port=\"8005\"", "<Server port=\"-1\""),
                "<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\""),
                StandardCharsets.UTF_8);
        Files.copy(Path.of(System.getProperty("dropin.all-jar")), base.resolve("lib/oidc-hybrid-filter-all.jar"));
        Files.copy(war, base.resolve("webapps/" + name + ".war"));

        Map<String, String> environment = new HashMap<>(LegacyAppChecks.filterEnvironment(provider,
                LegacyAppChecks.newCookieKey()));
        environment.putAll(extraEnvironment);
        environment.put("CATALINA_HOME", home.toString());
        environment.put("CATALINA_BASE", base.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // a loopback name: the filter's cookies are Secure there, and HtmlUnit sends them back to localhost only
        String app = "http://localhost:" + port + "/" + name;
        String output;
        try (ServerProcess tomcat = ServerProcess.start(home.getFileName().toString(),
                List.of("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run"), base, environment,
                base.resolve("logs/console.out"))) {
            tomcat.awaitReady(URI.create(app + "/health"), Duration.ofSeconds(60));
            try {
                checks.check(app);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\nTomcat's output:\n" + tomcat.output(), e);
            }
            output = tomcat.output();
        }
        LegacyAppChecks.assertNoSecret(output, environment);
        return output;
    }

    /** A new CATALINA_BASE under target/ with the distribution's conf/ and empty lib/, webapps/, logs/, ... */
    private static Path catalinaBase(Path home, String name) throws IOException {
        Path base = work.resolve(home.getFileName() + "-" + name);
        deleteTree(base);
        for (String dir : List.of("conf", "lib", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return base;
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "expected one " + from);
        return text.replace(from, to);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
