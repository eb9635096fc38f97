package dev.oidchybrid.filter.example;

import dev.oidchybrid.filter.web.OidcHybridFilter;
import dev.oidchybrid.testkit.junit.AnonymousClient;
import dev.oidchybrid.testkit.junit.LoggedInClient;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import dev.oidchybrid.testkit.junit.OidcUser;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's admin page behind the filter, in an embedded Jetty 12 started for these tests. */
class AdminPageTest {

    /** The development provider; sets oidc.issuer, oidc.client-id, oidc.client-secret and a test oidc.cookie-keys. */
    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().build();

    static Server server;
    static String app;

    /** The application's own start-up, in any container: the filter registered in code, with its settings. */
    public static final class OidcSetup implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            FilterRegistration.Dynamic filter = event.getServletContext().addFilter("oidc", OidcHybridFilter.class);
            filter.setInitParameter("roles-claim", "https://example.com/roles");
            filter.setInitParameter("exclude-paths", "/public/*");
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }

    /** The page under test: for admins only. */
    public static final class AdminServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!request.isUserInRole("admin")) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            response.setContentType("text/plain");
            response.getWriter().write("admin page for " + request.getRemoteUser());
        }
    }

    @BeforeAll
    static void startApp() throws Exception { // after the kit: the filter reads oidc.issuer, ... in its init()
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0); // any free port
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addEventListener(new OidcSetup());
        context.addServlet(AdminServlet.class, "/admin");
        server.setHandler(context);
        server.start();
        app = "http://127.0.0.1:" + connector.getLocalPort();
        oidc.loginUrl(app + "/admin"); // where @OidcUser logins start
    }

    @AfterAll
    static void stopApp() throws Exception {
        server.stop();
    }

    @Test
    @OidcUser(name = "carol", roles = "admin", claims = "email=carol@example.com")
    void adminPageWhenAdminThenShown(LoggedInClient carol) {
        assertEquals(200, carol.landingPage().statusCode());
        assertEquals("admin page for carol", carol.landingPage().body());
    }

    @Test
    void adminPageWhenNotAdminThenForbidden() {
        LoggedInClient dave = oidc.loggedIn(oidc.user("dave").roles("auditor"), app + "/admin");

        assertEquals(403, dave.landingPage().statusCode());
    }

    @Test
    void adminPageWhenAnonymousThenPagesGoToTheProviderAndScriptsGet401(AnonymousClient browser) {
        HttpResponse<String> page = browser.navigate(app + "/admin");

        assertEquals(302, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElseThrow().startsWith(oidc.issuer() + "/authorize"));
        assertEquals(401, browser.fetch(app + "/admin").statusCode());
        assertEquals(401, browser.get(app + "/admin", "Accept", "*/*").statusCode()); // as curl sends it
        assertEquals(302, browser.get(app + "/admin").statusCode()); // no Accept at all: taken for a page
    }
}
