package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AutoRegistration} as a server runs it: a Jetty context at {@code /app} with an application filter and
 * servlet of its own (neither knows of OpenID Connect), the initializer added to the context, the filter's settings
 * from the environment only.
 */
class AutoRegistrationTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private Server server;
    private ServletContextHandler context;
    private java.time.Duration unmatchedCheckDelay = AutoRegistration.UNMATCHED_CHECK_DELAY;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private Map<String, String> filterEnvironment(String autoRegister) {
        Map<String, String> env = provider.environment(Map.of("OIDC_ROLES_CLAIM", DevProvider.ROLES_CLAIM));
        if (autoRegister != null) {
            env.put(AutoRegistration.ENVIRONMENT_VARIABLE, autoRegister);
        }
        return env;
    }

    /** Starts the application at /app with the initializer; {@code declaresFilter}: its "web.xml" has the filter. */
    private String start(Map<String, String> environment, Map<String, String> systemProperties,
                         boolean declaresFilter) throws Exception {
        return start(environment, systemProperties, declaresFilter ? "/*" : null, Map.of());
    }

    /** As above; {@code declaredMapping}: the URL pattern of the application's own filter, null for none. */
    private String start(Map<String, String> environment, Map<String, String> systemProperties,
                         String declaredMapping, Map<String, String> declaredParams) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        if (declaredMapping != null) {
            // declared the way a container reads web.xml, so that its registration knows the mapping
            context.addServletContainerInitializer((classes, ctx) -> {
                jakarta.servlet.FilterRegistration.Dynamic own = ctx.addFilter("oidc",
                        new OidcFilterCore(environment::get, Clock.systemUTC(), new SecureRandom()));
                declaredParams.forEach(own::setInitParameter);
                own.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, declaredMapping);
            });
        }
        context.addFilter(new FilterHolder(new ApplicationFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ApplicationServlet()), "/*");
        context.addServletContainerInitializer(new AutoRegistration(environment::get, systemProperties::get,
                unmatchedCheckDelay));
        server.setHandler(context);
        server.start();
        return "http://127.0.0.1:" + connector.getLocalPort() + "/app";
    }

    @Test
    void onStartupWhenNotAskedThenTheApplicationStaysAsItIs() throws Exception {
        String app = start(filterEnvironment(null), Map.of(), false);

        HttpResponse<String> page = new Browser().navigate(app + "/page");

        assertEquals(200, page.statusCode());
        assertEquals("user=null admin=false applicationFilterSaw=null", page.body());
        assertFalse(context.getServletContext().getFilterRegistrations().containsKey(AutoRegistration.FILTER_NAME));
    }

    @Test
    void onStartupWhenFalseThenTheApplicationStaysAsItIs() throws Exception {
        String app = start(filterEnvironment("false"), Map.of(AutoRegistration.SYSTEM_PROPERTY, "true"), false);

        assertEquals(200, new Browser().navigate(app + "/page").statusCode());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"yes", "on", "1", "/app/", "app", "/App", "*", "/app,*",
            "/ap p"})
    void onStartupWhenValueIsNeitherABooleanNorExactContextPathsThenTheApplicationDoesNotRunUnprotected(String value)
            throws Exception {
        String app;
        try {
            app = start(filterEnvironment(value), Map.of(), false);
        } catch (Exception refused) {
            return; // the server refused to start the application: nothing runs unprotected
        }
        HttpResponse<String> page = new Browser().navigate(app + "/page");
        assertFalse(page.statusCode() == 200 && page.body().startsWith("user=null"),
                value + ": the application ran without login: " + page.statusCode() + " " + page.body());
        assertTrue(page.statusCode() >= 500 || page.statusCode() == 302, value + " -> " + page.statusCode());
    }

    @Test
    void onStartupWhenAListedPathMatchesNoApplicationThenAWarningNamesIt() throws Exception {
        unmatchedCheckDelay = java.time.Duration.ofMillis(200);
        String missing = "/legacy-" + Long.toHexString(new SecureRandom().nextLong());
        start(filterEnvironment("/app, " + missing), Map.of(), false);
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline && dev.oidchybrid.filter.testing.LogSafety.records().stream()
                .noneMatch(r -> r.contains("lists " + missing))) {
            Thread.sleep(50);
        }
        List<String> warnings = dev.oidchybrid.filter.testing.LogSafety.records().stream()
                .filter(r -> r.contains(AutoRegistration.ENVIRONMENT_VARIABLE + " lists ")).toList();
        assertTrue(warnings.stream().anyMatch(r -> r.contains("lists " + missing + ",")), warnings.toString());
        assertTrue(warnings.stream().noneMatch(r -> r.contains("lists /app,")), "/app did start: " + warnings);
    }

    @Test
    void onStartupWhenTheApplicationDeclaresTheFilterOnlyForItsApiThenTheFilterIsAddedForTheRest()
            throws Exception {
        String app = start(filterEnvironment("true"), Map.of(), "/api/*",
                Map.of("mode", "bearer", "audience", "appointments:api"));
        HttpResponse<String> page = new Browser().navigate(app + "/page");
        assertEquals(302, page.statusCode(), "the UI asks for a login: " + page.body());
        assertTrue(context.getServletContext().getFilterRegistrations().containsKey(AutoRegistration.FILTER_NAME));
    }

    @Test
    void onStartupWhenTrueThenLoginAndTheApplicationAndItsOwnFiltersSeeTheUser() throws Exception {
        String app = start(filterEnvironment("true"), Map.of(), false);
        Browser browser = new Browser();

        HttpResponse<String> toProvider = browser.navigate(app + "/page?x=1");
        assertEquals(302, toProvider.statusCode());
        assertTrue(Browser.location(toProvider).startsWith(provider.issuer()), Browser.location(toProvider));
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(toProvider, "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app/page?x=1", Browser.location(callback));

        HttpResponse<String> page = browser.navigate(app + "/page?x=1");
        assertEquals(200, page.statusCode());
        assertEquals("user=alice-0001 admin=true applicationFilterSaw=alice-0001", page.body());
    }

    @Test
    void onStartupWhenTrueThenAnAsynchronousServletStillWorksSignedIn() throws Exception {
        String app = start(filterEnvironment("true"), Map.of(), false);
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app + "/page"), "alice", "alice-password"));

        HttpResponse<String> page = browser.navigate(app + "/page?async=1");

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("user=alice-0001 admin=true applicationFilterSaw=alice-0001 async=true", page.body());
    }

    @Test
    void onStartupWhenTrueThenAScriptWithoutSessionGets401() throws Exception {
        String app = start(filterEnvironment("true"), Map.of(), false);

        HttpResponse<String> fetch = new Browser().get(app + "/page", "Accept", "application/json",
                "Sec-Fetch-Mode", "cors");

        assertEquals(401, fetch.statusCode());
    }

    @Test
    void onStartupWhenOnlyTheSystemPropertyIsTrueThenTheFilterIsAdded() throws Exception {
        String app = start(filterEnvironment(null), Map.of(AutoRegistration.SYSTEM_PROPERTY, "true"), false);

        assertEquals(302, new Browser().navigate(app + "/page").statusCode());
    }

    @Test
    void onStartupWhenTheContextPathIsListedThenTheFilterIsAdded() throws Exception {
        String app = start(filterEnvironment(" /shop , /app "), Map.of(), false);

        assertEquals(302, new Browser().navigate(app + "/page").statusCode());
    }

    @Test
    void onStartupWhenOnlyOtherContextPathsAreListedThenTheApplicationStaysAsItIs() throws Exception {
        String app = start(filterEnvironment("/shop,/, /app/x"), Map.of(), false);

        assertEquals(200, new Browser().navigate(app + "/page").statusCode());
    }

    @Test
    void onStartupWhenTheApplicationDeclaresTheFilterThenItIsNotAddedAgain() throws Exception {
        String app = start(filterEnvironment("true"), Map.of(), true);

        assertEquals(302, new Browser().navigate(app + "/page").statusCode());
        var registrations = context.getServletContext().getFilterRegistrations();
        assertTrue(registrations.containsKey("oidc"), registrations.keySet().toString());
        assertFalse(registrations.containsKey(AutoRegistration.FILTER_NAME), registrations.keySet().toString());
    }

    /** An application's own filter, as legacy applications have: notes the user it sees. */
    public static final class ApplicationFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute("applicationFilterSaw", ((HttpServletRequest) request).getRemoteUser());
            chain.doFilter(request, response);
        }
    }

    /** The application's page: the user and a role as the servlet API reports them. */
    public static final class ApplicationServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            String page = "user=" + request.getRemoteUser() + " admin=" + request.isUserInRole("admin")
                    + " applicationFilterSaw=" + request.getAttribute("applicationFilterSaw");
            if (request.getParameter("async") != null) {
                // an asynchronous servlet of a legacy application: the filter in its chain must allow it
                jakarta.servlet.AsyncContext async = request.startAsync();
                async.start(() -> {
                    try {
                        async.getResponse().getWriter().write(page + " async=" + (async.getRequest()
                                .getAttribute(dev.oidchybrid.filter.web.OidcAttributes.CLAIMS) != null));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    async.complete();
                });
                return;
            }
            response.getWriter().write(page);
        }
    }
}
