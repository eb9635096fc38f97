package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A servlet under an excluded path that forwards to a protected one ({@code RequestDispatcher.forward}). Mapped for
 * REQUEST only (the default), the filter never sees the forward; mapped for FORWARD too, it decides the forward on
 * the target's dispatch path like any request.
 */
class ForwardDispatchTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    /** Forwards to the path after {@code /public/forward}. */
    static final class ForwardingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            req.getRequestDispatcher(req.getPathInfo()).forward(req, resp);
        }
    }

    private String start(EnumSet<DispatcherType> dispatches) throws Exception {
        Map<String, String> env = provider.environment();
        app = new JettyApp(context -> {
            FilterHolder filter = new FilterHolder(new OidcFilterCore(env::get, Clock.systemUTC(),
                    new SecureRandom()));
            filter.setInitParameter("exclude-paths", "/public/*");
            context.addFilter(filter, "/*", dispatches);
            context.addServlet(new ServletHolder(new ForwardingServlet()), "/public/forward/*");
            context.addServlet(new ServletHolder(new FilterHarness.EchoServlet()), "/*");
        });
        return app.base();
    }

    @Test
    void forwardWhenMappedForRequestOnlyThenTheProtectedServletRunsUnseen() throws Exception {
        // the documented limit of the default mapping: what the README tells to map FORWARD for
        String app = start(EnumSet.of(DispatcherType.REQUEST));
        HttpResponse<String> page = new Browser().navigate(app + "/public/forward/admin/x");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("dispatch=/admin/x") && page.body().contains("user=anonymous"), page.body());
    }

    @Test
    void forwardWhenMappedForForwardTooThenTheTargetIsProtectedAndWorksAfterLogin() throws Exception {
        String app = start(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD));
        Browser browser = new Browser();
        HttpResponse<String> page = browser.navigate(app + "/public/forward/admin/x");
        assertEquals(302, page.statusCode(), page.body());
        assertTrue(Browser.location(page).startsWith(provider.issuer() + "/authorize?"));
        browser.submit(browser.signInAtProvider(page, "alice", "alice-password"));
        HttpResponse<String> after = browser.navigate(app + "/public/forward/admin/x");
        assertEquals(200, after.statusCode(), after.body());
        assertTrue(after.body().contains("dispatch=/admin/x") && after.body().contains("user=alice-0001"),
                after.body());
        HttpResponse<String> open = new Browser().navigate(app + "/public/forward/public/hello");
        assertTrue(open.body().contains("user=anonymous"), "a forward to an excluded path stays open: " + open.body());
    }
}
