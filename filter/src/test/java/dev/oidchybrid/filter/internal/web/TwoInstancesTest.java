package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two login filters of different clients in one application, both with the default {@code http-session} store:
 * a session one of them made is not a session of the other.
 */
class TwoInstancesTest {

    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.defaults();
    private JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private FilterHolder filter(String name, String clientId, Map<String, String> params) {
        Map<String, String> env = provider.environment(Map.of("OIDC_CLIENT_ID", clientId));
        FilterHolder holder = new FilterHolder(new OidcFilterCore(env::get, Clock.systemUTC(), new SecureRandom()));
        holder.setName(name);
        params.forEach(holder::setInitParameter);
        return holder;
    }

    @Test
    void sessionWhenMadeByTheFilterOfAnotherClientThenNotAcceptedByThisOne() throws Exception {
        app = new JettyApp(context -> {
            context.addFilter(filter("oidc", DevProvider.DEMO_CLIENT_ID, Map.of("exclude-paths", "/admin/*")), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
            context.addFilter(filter("oidc-admin", "admin-console", Map.of()), "/admin/*",
                    EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new FilterHarness.EchoServlet()), "/*");
        });
        String base = app.base();

        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(base + "/x"), "alice", "alice-password"));
        assertTrue(browser.navigate(base + "/x").body().contains("user=alice-0001"));
        HttpResponse<String> admin = browser.navigate(base + "/admin/x");
        assertEquals(302, admin.statusCode(), "the other client's filter took this session: " + admin.body());
        assertTrue(Browser.location(admin).contains("client_id=admin-console"), Browser.location(admin));
    }
}
