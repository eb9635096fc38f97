package dev.oidchybrid.filter.internal.web;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Health and CDI are optional: the filter starts and answers its health path without them, and only
 * the readiness check itself refers to them.
 */
class WithoutMicroProfileHealthTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    /** Loads the filter's own classes itself and refuses the MicroProfile and CDI APIs; the rest from its parent. */
    private static final class WithoutMicroProfile extends URLClassLoader {

        WithoutMicroProfile(URL filterClasses, ClassLoader parent) {
            super(new URL[] {filterClasses}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("org.eclipse.microprofile.") || name.startsWith("jakarta.enterprise.")) {
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
                WithoutMicroProfileHealthTest.class.getClassLoader())) {
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
    void classesWhenCompiledThenOnlyTheReadinessCheckRefersToMicroProfileOrCdi() throws Exception {
        Path classes = Path.of(filterClasses().toURI());
        Path check = classes.resolve(OidcReadinessCheck.class.getName().replace('.', '/') + ".class");
        List<String> linking = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String constants = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (constants.contains("org/eclipse/microprofile/") || constants.contains("jakarta/enterprise/")) {
                    linking.add(classes.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(classes.relativize(check).toString()), linking);
        assertTrue(Files.exists(check));
    }
}
