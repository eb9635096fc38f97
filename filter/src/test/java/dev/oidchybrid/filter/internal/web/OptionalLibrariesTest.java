package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Micrometer and the OpenTelemetry API are optional: the filter's classes, loaded by a class loader that hides
 * both (as in an application without them), start, log a user in and count it in their MBean.
 */
class OptionalLibrariesTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    /** The filter's main classes, child-first, with {@code io.micrometer} and {@code io.opentelemetry} missing. */
    private static final class WithoutOptionalLibraries extends URLClassLoader {
        WithoutOptionalLibraries() {
            super(new URL[]{OidcFilterCore.class.getProtectionDomain().getCodeSource().getLocation()},
                    OptionalLibrariesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.micrometer.") || name.startsWith("io.opentelemetry.")) {
                throw new ClassNotFoundException(name + " (hidden: not on this application's class path)");
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> found = findLoadedClass(name);
                if (found == null && name.startsWith("dev.oidchybrid.filter.")) {
                    try {
                        found = findClass(name);
                    } catch (ClassNotFoundException e) {
                        // a test class: the parent's
                    }
                }
                return found != null ? found : super.loadClass(name, resolve);
            }
        }
    }

    @Test
    void filterWhenMicrometerAndOpenTelemetryAreMissingThenLoginWorksAndTheMBeanCountsIt() throws Exception {
        try (WithoutOptionalLibraries loader = new WithoutOptionalLibraries()) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader));
            Class<?> core = loader.loadClass(OidcFilterCore.class.getName());
            assertEquals(loader, core.getClassLoader(), "the filter's own copy, not the test class path's");
            UnaryOperator<String> environment = provider.environment()::get;
            Filter filter = (Filter) core.getConstructor(UnaryOperator.class, Clock.class, SecureRandom.class)
                    .newInstance(environment, Clock.systemUTC(), new SecureRandom());
            try (JettyApp app = new JettyApp(context -> {
                FilterHolder holder = new FilterHolder(filter);
                holder.setName("oidc-without-libraries");
                context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
                // not the EchoServlet: the filter's types here are the hidden loader's, not the test class path's
                context.addServlet(new ServletHolder(new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                        resp.getWriter().write("user=" + req.getRemoteUser() + "\n");
                    }
                }), "/*");
            })) {
                Browser browser = new Browser();
                HttpResponse<String> callback = browser.submit(browser.signInAtProvider(
                        browser.navigate(app.base() + "/x"), "alice", "alice-password"));
                assertEquals(303, callback.statusCode(), callback.body());
                assertEquals("alice-0001", FilterHarness.echoed(browser.navigate(app.base() + "/x").body())
                        .get("user"));
                assertEquals(1L, counters().get("oidc.logins{outcome=completed,error=none}"));
                assertEquals(1L, counters().get("oidc.provider.calls{endpoint=token,status=200,error=none}"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counters() throws Exception {
        TabularData table = (TabularData) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
                "dev.oidchybrid:type=OidcFilter,context=/app,name=oidc-without-libraries"), "Counters");
        Map<String, Object> map = new HashMap<>();
        for (CompositeData row : (java.util.Collection<CompositeData>) table.values()) {
            map.put((String) row.get("key"), row.get("value"));
        }
        return map;
    }
}
