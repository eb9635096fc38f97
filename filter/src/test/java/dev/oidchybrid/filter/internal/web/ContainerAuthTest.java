package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.session.OidcPrincipal;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code container-auth} on Jetty 12 with its Jakarta Authentication (jetty-ee10-jaspi): an application whose
 * {@code /admin/*} is guarded by the container's own constraint (role {@code admin}) and {@code /members/*} by
 * "any authenticated user", the filter declared for {@code /*} with {@code container-auth=true} (or, where a test
 * says so, in front of no servlet at all, so that only the container's identity reaches the application).
 */
class ContainerAuthTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    private Server server;

    @BeforeAll
    static void jettyJaspi() {
        // what Jetty's ee10-jaspi module does in a standalone server
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** Reports what the container says about the caller. */
    static final class WhoAmI extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getParameter("logout") != null) {
                try {
                    request.logout();
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
            }
            if (request.getParameter("authenticate") != null) {
                try {
                    if (!request.authenticate(response)) {
                        return; // the module answered (a redirect to the provider)
                    }
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
            }
            response.setContentType("text/plain");
            HttpServletRequest asked = request;
            if (request.getParameter("container") != null) {
                // past the filter's wrapper: what the container itself knows of the caller
                while (asked instanceof HttpServletRequestWrapper wrapper) {
                    asked = (HttpServletRequest) wrapper.getRequest();
                }
            }
            java.security.Principal user = asked.getUserPrincipal();
            response.getWriter().write("user=" + (user == null ? null : user.getName())
                    + " oidc=" + (user instanceof OidcPrincipal) + " admin=" + asked.isUserInRole("admin")
                    + " authType=" + asked.getAuthType()
                    + (request.getParameter("attributes") == null ? "" : " claims="
                    + (asked.getAttribute(dev.oidchybrid.filter.web.OidcAttributes.CLAIMS) != null)
                    + " accessToken=" + (asked.getAttribute(dev.oidchybrid.filter.web.OidcAttributes.ACCESS_TOKEN)
                    != null)));
        }
    }

    private Map<String, String> environment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(provider.environment(Map.of("OIDC_ROLES_CLAIM",
                DevProvider.ROLES_CLAIM)));
        env.putAll(more);
        return env;
    }

    /**
     * @param filterMapping the URL pattern the filter is declared for
     */
    private String start(Map<String, String> environment, String filterMapping, String... filterNames)
            throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS
                | ServletContextHandler.SECURITY);
        context.setContextPath("/app");
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.addConstraintMapping(mapping("/admin/*", Constraint.from("admin")));
        security.addConstraintMapping(mapping("/members/*", Constraint.ANY_USER));
        context.addServletContainerInitializer((classes, ctx) -> {
            for (String name : filterNames.length == 0 ? new String[] {"oidc"} : filterNames) {
                // declared the way a container reads web.xml, before the initializers run
                FilterRegistration.Dynamic filter = ctx.addFilter(name,
                        new OidcFilterCore(environment::get, Clock.systemUTC(), new SecureRandom()));
                filter.setInitParameter("container-auth", "true");
                filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, filterMapping);
            }
        });
        context.addServletContainerInitializer(new AutoRegistration(environment::get, name -> null));
        context.addServlet(new ServletHolder(new WhoAmI()), "/*");
        server.setHandler(context);
        server.start();
        return "http://127.0.0.1:" + connector.getLocalPort() + "/app";
    }

    private String start() throws Exception {
        return start(environment(Map.of()), "/*");
    }

    private static ConstraintMapping mapping(String path, Constraint constraint) {
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(path);
        mapping.setConstraint(constraint);
        return mapping;
    }

    /** Signs in through the constrained {@code path} and returns the page it then shows. */
    private static HttpResponse<String> signIn(Browser browser, String app, String path, String user)
            throws Exception {
        HttpResponse<String> toProvider = browser.navigate(app + path);
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        assertTrue(Browser.location(toProvider).startsWith(provider.issuer()), Browser.location(toProvider));
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(toProvider, user, user + "-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app" + path, Browser.location(callback));
        return browser.navigate(app + path);
    }

    @Test
    void containerAuthWhenAnAdminSignsInThenTheContainersConstraintLetsHerInWithHerRoles() throws Exception {
        String app = start();

        HttpResponse<String> page = signIn(new Browser(), app, "/admin/report", "alice");

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("user=alice-0001 oidc=true admin=true authType=OIDC", page.body());
    }

    @Test
    void containerAuthWhenAUserWithoutTheRoleSignsInThenTheContainerAnswers403() throws Exception {
        String app = start();
        Browser bob = new Browser();
        signIn(bob, app, "/members/home", "bob");

        HttpResponse<String> admin = bob.navigate(app + "/admin/report");

        assertEquals(403, admin.statusCode(), admin.body());
        assertFalse(admin.body().contains("user="), "the servlet did not run");
    }

    @Test
    void containerAuthWhenTheContainerIsAskedPastTheFilterThenItHasTheUserAndRolesItself() throws Exception {
        String app = start();
        Browser alice = new Browser();

        HttpResponse<String> page = signIn(alice, app, "/admin/report?container=1", "alice");

        assertEquals(200, page.statusCode(), page.body());
        // the container's own identity: the principal the module handed it, its roles from roles-claim (Jetty
        // names the mechanism JASPI whatever the module says)
        assertEquals("user=alice-0001 oidc=true admin=true authType=JASPI", page.body());
    }

    @Test
    void containerAuthWhenAScriptWithoutSessionAsksForAConstrainedPathThen401() throws Exception {
        String app = start();

        HttpResponse<String> fetch = new Browser().get(app + "/admin/report", "Accept", "application/json",
                "Sec-Fetch-Mode", "cors");

        assertEquals(401, fetch.statusCode(), fetch.body());
        assertTrue(fetch.headers().firstValue("WWW-Authenticate").orElse("").startsWith("OIDC realm="));
        assertFalse(fetch.body().contains("user="));
    }

    @Test
    void containerAuthWhenAnUnconstrainedPathIsAskedAnonymouslyThenTheFilterDecides() throws Exception {
        String app = start(environment(Map.of("OIDC_EXCLUDE_PATHS", "/public/*")), "/*");

        HttpResponse<String> open = new Browser().navigate(app + "/public/page");
        HttpResponse<String> protectedByFilter = new Browser().navigate(app + "/orders");

        assertEquals(200, open.statusCode(), open.body());
        assertEquals("user=null oidc=false admin=false authType=null", open.body());
        assertEquals(302, protectedByFilter.statusCode(), "the filter still logs in for the paths it protects");
    }

    @Test
    void containerAuthWhenTheWholeApplicationIsConstrainedThenTheCallbackStillCompletesTheLogin() throws Exception {
        String app = start();
        Browser alice = new Browser();

        // /members/* needs any user: the callback and logout paths are the filter's, not the constraint's
        HttpResponse<String> page = signIn(alice, app, "/members/home", "alice");

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().startsWith("user=alice-0001"), page.body());
    }

    @Test
    void containerAuthWhenTheApplicationCallsLogoutThenTheNextConstrainedRequestLogsInAgain() throws Exception {
        String app = start();
        Browser alice = new Browser();
        signIn(alice, app, "/admin/report", "alice");

        HttpResponse<String> out = alice.navigate(app + "/open?logout=1");
        HttpResponse<String> again = alice.navigate(app + "/admin/report");

        assertEquals(200, out.statusCode(), out.body());
        assertEquals(302, again.statusCode(), "logout() ended the session: " + again.body());
        assertTrue(Browser.location(again).startsWith(provider.issuer()));
    }

    @Test
    void containerAuthWhenTheApplicationCallsLogoutThenNoTokenIsLeftOnTheContainersRequest() throws Exception {
        String app = start();
        Browser alice = new Browser();
        signIn(alice, app, "/admin/report", "alice");
        HttpResponse<String> before = alice.navigate(app + "/admin/report?container=1&attributes=1");
        assertTrue(before.body().contains("claims=true accessToken=true"),
                "the container's security wrote them onto its own request: " + before.body());

        HttpResponse<String> out = alice.navigate(app + "/admin/report?logout=1&container=1&attributes=1");

        assertTrue(out.body().contains("claims=false accessToken=false"), out.body());
    }

    @Test
    void containerAuthWhenASignedInUserCallsAuthenticateThenItIsTrueWithoutAnotherLogin() throws Exception {
        String app = start();
        Browser alice = new Browser();
        signIn(alice, app, "/admin/report", "alice");

        HttpResponse<String> page = alice.navigate(app + "/open?authenticate=1");

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().startsWith("user=alice-0001 oidc=true admin=true"), page.body());
    }

    @Test
    void containerAuthWhenAnExcludedPathGetsTheSessionCookieThenItStaysOutsideTheLogin() throws Exception {
        String app = start(environment(Map.of("OIDC_EXCLUDE_PATHS", "/public/*")), "/*");
        Browser alice = new Browser();
        signIn(alice, app, "/admin/report", "alice");

        HttpResponse<String> open = alice.navigate(app + "/public/hello");

        // as without container-auth: excluded paths are not behind the filter (the benchmarks' baseline)
        assertEquals("user=null oidc=false admin=false authType=null", open.body());
    }

    @Test
    void containerAuthWhenTheCallbackPathIsNotSpelledPlainlyThenItIsNoEndpointAndTheConstraintHolds()
            throws Exception {
        String app = start();

        // /admin/x/../../callback dispatches to /callback only after normalisation: never served as the callback
        HttpResponse<String> tricked = new Browser().get(app + "/admin/%2e%2e/callback", "Accept",
                "application/json", "Sec-Fetch-Mode", "cors");

        assertTrue(tricked.statusCode() == 400 || tricked.statusCode() == 401, tricked.statusCode() + " "
                + tricked.body());
        assertFalse(tricked.body().contains("user="));
    }

    @Test
    void containerAuthWhenTheFilterIsNotInFrontOfAConstrainedPathThenItsAccessRulesStillHold() throws Exception {
        // the filter only on its callback: the container's security alone serves /members/*, and the filter's
        // access rule for it must hold there too (the container lets any signed-in user in)
        String app = start(environment(Map.of("OIDC_ACCESS_RULES", "/members/*=role:admin")), "/callback");
        Browser bob = new Browser();

        HttpResponse<String> page = signIn(bob, app, "/members/home", "bob");

        assertEquals(403, page.statusCode(), page.body());
        assertFalse(page.body().contains("user="), "the servlet did not run");
    }

    @Test
    void containerAuthWhenAnAccessRuleAsksForAStrongerLoginThenTheContainerDoesNotLetTheUserInBeforeIt()
            throws Exception {
        String app = start(environment(Map.of("OIDC_ACCESS_RULES", "/admin/*=acr:mfa")), "/callback");
        Browser alice = new Browser();
        signIn(alice, app, "/members/home", "alice");

        HttpResponse<String> admin = alice.navigate(app + "/admin/report");

        assertEquals(302, admin.statusCode(), admin.body());
        assertTrue(Browser.location(admin).contains("acr_values=mfa"), Browser.location(admin));
    }

    @Test
    void containerAuthWhenTwoFiltersAskForItThenTheApplicationDoesNotStart() throws Exception {
        try {
            String app = start(environment(Map.of()), "/*", "oidc", "oidc-two");
            HttpResponse<String> page = new Browser().navigate(app + "/admin/report");
            assertTrue(page.statusCode() >= 500, "the application ran: " + page.statusCode());
        } catch (Exception refused) {
            // the server refused to start the application
        }
        assertTrue(LogSafety.records().stream().anyMatch(r -> r.contains("for several OIDC filters"))
                || server.getHandler() == null || !server.getHandler().isStarted(), "no reason given");
    }

    @Test
    void containerAuthWhenTheServerHasNoJakartaAuthenticationThenTheApplicationDoesNotStartUnprotected()
            throws Exception {
        AuthConfigFactory.setFactory(null);
        try {
            String app;
            try {
                app = start();
            } catch (Exception refused) {
                return;
            }
            HttpResponse<String> page = new Browser().navigate(app + "/admin/report");
            assertTrue(page.statusCode() >= 500 || page.statusCode() == 403, "the application ran: "
                    + page.statusCode() + " " + page.body());
            assertFalse(page.body().contains("user="));
        } finally {
            AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        }
    }
}
