package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.health.OidcHealthExtension;
import dev.oidchybrid.filter.health.OidcReadinessCheck;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Health and CDI are optional: the filter starts and answers its health path without them, only the
 * readiness check and the CDI extension that adds it refer to them, and the extension adds nothing without
 * MicroProfile Health.
 */
class WithoutMicroProfileHealthTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    /** Loads the filter's own classes itself and refuses the APIs named; the rest from its parent. */
    private static final class WithoutMicroProfile extends URLClassLoader {

        private final List<String> hidden;

        WithoutMicroProfile(URL filterClasses, ClassLoader parent, String... hidden) {
            super(new URL[] {filterClasses}, parent);
            this.hidden = List.of(hidden);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (hidden.stream().anyMatch(name::startsWith)) {
                    throw new ClassNotFoundException(name + " (hidden by the test)");
                }
                if (name.startsWith("dev.oidchybrid.filter.")) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }
    }

    private static URL filterClasses() {
        return OidcFilterCore.class.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void filterWhenMicroProfileHealthIsAbsentThenStartsAndAnswersItsHealthPath() throws Exception {
        try (WithoutMicroProfile loader = new WithoutMicroProfile(filterClasses(),
                WithoutMicroProfileHealthTest.class.getClassLoader(), "org.eclipse.microprofile.",
                "jakarta.enterprise.")) {
            // the hiding works: the readiness check cannot be loaded through this loader
            assertThrows(NoClassDefFoundError.class, () -> Class.forName(OidcReadinessCheck.class.getName(), true,
                    loader));
            Filter filter = (Filter) loader.loadClass(OidcFilterCore.class.getName())
                    .getConstructor(UnaryOperator.class, Clock.class, SecureRandom.class)
                    .newInstance((UnaryOperator<String>) provider.environment()::get, Clock.systemUTC(),
                            new SecureRandom());
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setContextPath("/app");
            context.setClassLoader(loader);
            FilterHolder holder = new FilterHolder(filter);
            holder.setName("oidc");
            holder.setInitParameter("health-path", "/oidc-health");
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new FilterHarness.EchoServlet()), "/*");
            server.setHandler(context);
            server.start();
            try {
                String base = "http://127.0.0.1:" + connector.getLocalPort() + "/app";
                HttpResponse<String> health = new Browser().get(base + "/oidc-health");
                assertEquals(200, health.statusCode(), health.body());
                assertEquals(302, new Browser().navigate(base + "/x").statusCode(), "logins work too");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void cdiExtensionWhenMicroProfileHealthIsAbsentThenAddsNoCheck() throws Exception {
        try (WithoutMicroProfile loader = new WithoutMicroProfile(filterClasses(),
                WithoutMicroProfileHealthTest.class.getClassLoader(), "org.eclipse.microprofile.")) {
            Class<?> extension = loader.loadClass(OidcHealthExtension.class.getName());
            Method present = extension.getDeclaredMethod("microProfileHealthPresent", ClassLoader.class);
            present.setAccessible(true);
            assertEquals(false, present.invoke(null, loader), "so the check is not added");
            assertEquals(true, present.invoke(null, WithoutMicroProfileHealthTest.class.getClassLoader()),
                    "and with the API it is");
        }
    }

    @Test
    void classesWhenCompiledThenOnlyTheReadinessCheckAndItsExtensionReferToMicroProfileOrCdi() throws Exception {
        Path classes = Path.of(filterClasses().toURI());
        Path check = classes.resolve(OidcReadinessCheck.class.getName().replace('.', '/') + ".class");
        Path extension = classes.resolve(OidcHealthExtension.class.getName().replace('.', '/') + ".class");
        List<String> linking = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String constants = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (constants.contains("org/eclipse/microprofile/") || constants.contains("jakarta/enterprise/")) {
                    linking.add(classes.relativize(file).toString());
                }
            }
        }
        assertEquals(new java.util.TreeSet<>(List.of(classes.relativize(check).toString(),
                classes.relativize(extension).toString())), new java.util.TreeSet<>(linking));
        assertTrue(Files.exists(check));
        // no bean-defining annotation: CDI never loads the check itself, so a server without MicroProfile Health
        // logs no class loading failure; the extension adds it
        assertFalse(new String(Files.readAllBytes(check), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("jakarta/enterprise/context/"));
        // and the jar is no bean archive: adding it never turns CDI on for an application that did not use it
        assertFalse(Files.exists(classes.resolve("META-INF/beans.xml")));
    }
}
