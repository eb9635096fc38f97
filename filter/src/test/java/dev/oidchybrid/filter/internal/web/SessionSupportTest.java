package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.LoggedInClient;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionTrackingMode;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code session-store=http-session} in a context without session support (embedded Jetty's
 * {@code ServletContextHandler} made without {@code SESSIONS}): refused at start-up with one line saying what to
 * change, rather than a clean start and a 500 "No SessionManager" at the first callback.
 */
class SessionSupportTest {

    @RegisterExtension
    static final OidcTestKit oidc = OidcTestKit.builder().systemProperties(false).build();

    @Test
    void initWhenNoSessionSupportAndHttpSessionStoreThenNotStartedAndOneLineSaysWhatToChange() throws Exception {
        Server server = server(ServletContextHandler.NO_SESSIONS, Map.of());
        try {
            try {
                server.start();
            } catch (Exception e) {
                // Jetty stops a context whose filter fails: the application does not come up
            }
            List<String> filterLines = LogSafety.records().stream()
                    .filter(r -> r.startsWith("dev.oidchybrid.filter ")).toList();
            List<String> errors = filterLines.stream()
                    .filter(r -> r.contains("SEVERE OIDC filter 'oidc' not started: session-store=http-session"))
                    .toList();
            assertEquals(1, errors.size(), () -> "one actionable line in " + filterLines);
            assertTrue(errors.get(0).contains("ServletContextHandler.SESSIONS")
                    && errors.get(0).contains("session-store=cookie"), errors.get(0));
            if (server.isStarted()) {
                int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/app/page")).build(), HttpResponse.BodyHandlers.ofString());
                assertNotEquals(200, page.statusCode(), "nothing is served unprotected");
                assertNotEquals(302, page.statusCode(), "no login is started that could only fail");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void initWhenNoSessionSupportAndCookieStoreThenTheLoginWorks() throws Exception {
        Server server = server(ServletContextHandler.NO_SESSIONS, Map.of("OIDC_SESSION_STORE", "cookie",
                "OIDC_COOKIE_KEYS", "k".repeat(32) + "-session-support-test"));
        server.start();
        try {
            LoggedInClient alice = oidc.loggedIn(DemoUser.alice(), url(server, "/page"));

            assertEquals(200, alice.landingPage().statusCode(), alice.landingPage()::body);
            assertEquals("page for alice-0001", alice.landingPage().body());
        } finally {
            server.stop();
        }
    }

    @Test
    void initWhenSessionsThenTheHttpSessionLoginWorks() throws Exception {
        Server server = server(ServletContextHandler.SESSIONS, Map.of());
        server.start();
        try {
            assertEquals("page for alice-0001", oidc.loggedIn(DemoUser.alice(), url(server, "/page")).landingPage().body());
        } finally {
            server.stop();
        }
    }

    @Test
    void tracksSessionsWhenTheContainerNamesNoModeThenFalse() {
        assertFalse(SessionSupport.tracksSessions(context(Set.of())));
        assertFalse(SessionSupport.tracksSessions(context(null)));
        assertTrue(SessionSupport.tracksSessions(context(Set.of(SessionTrackingMode.COOKIE))));
    }

    private static ServletContext context(Set<SessionTrackingMode> modes) {
        return (ServletContext) Proxy.newProxyInstance(SessionSupportTest.class.getClassLoader(),
                new Class<?>[]{ServletContext.class}, (proxy, method, args) ->
                        method.getName().equals("getEffectiveSessionTrackingModes") ? modes : null);
    }

    private static Server server(int options, Map<String, String> more) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(options);
        context.setContextPath("/app");
        Map<String, String> env = new HashMap<>();
        oidc.systemProperties().forEach((name, value) -> env.put(
                name.substring("oidc.".length()).toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        .replaceFirst("^", "OIDC_"), value));
        env.putAll(more);
        FilterHolder filter = new FilterHolder(new OidcFilterCore(env::get, Clock.systemUTC(), new SecureRandom()));
        filter.setName("oidc");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                 jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                resp.getWriter().write("page for " + req.getRemoteUser());
            }
        }), "/*");
        server.setHandler(context);
        return server;
    }

    private static String url(Server server, String path) {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/app" + path;
    }
}
