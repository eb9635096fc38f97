package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.benchmarks.BenchmarkSecrets;
import dev.oidchybrid.benchmarks.RealisticSession;
import dev.oidchybrid.benchmarks.RealisticTokens;
import dev.oidchybrid.filter.internal.web.HttpSessionStore;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.web.OidcHybridFilter;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.security.Principal;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An authenticated request through Jetty 12 (ee10) in-process, over a kept-alive {@link LocalConnector}
 * connection (no sockets): {@link #protectedHello()} passes the filter with a logged-in
 * {@code http-session} session, {@link #publicHello()} is the same servlet on an excluded path, with the same
 * session cookie. The difference is what the filter adds per request. The session is put into the
 * {@code HttpSession} the way the {@code http-session} store keeps it after a login.
 */
@State(Scope.Benchmark)
public class FilterPassThroughBenchmark {

    private static final Pattern SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;\\r\\n]+)");

    private DevProvider provider;
    private Server server;
    private LocalConnector.LocalEndPoint connection;
    private String protectedRequest;
    private String publicRequest;

    @Setup(Level.Trial)
    public void start() throws Exception {
        provider = DevProvider.builder().build().start();
        server = new Server();
        LocalConnector connector = new LocalConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        FilterHolder filter = new FilterHolder(OidcHybridFilter.class);
        filter.setInitParameter("issuer", provider.issuer());
        filter.setInitParameter("client-id", DevProvider.DEMO_CLIENT_ID);
        filter.setInitParameter("client-secret", DevProvider.DEMO_CLIENT_SECRET);
        filter.setInitParameter("exclude-paths", "/public/*");
        filter.setInitParameter("roles-claim", RealisticTokens.ROLES_CLAIM);
        filter.setInitParameter("cookie-keys", BenchmarkSecrets.COOKIE_KEY);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder hello = new ServletHolder(new Hello());
        context.addServlet(hello, "/hello");
        context.addServlet(hello, "/public/hello");
        context.addServlet(new ServletHolder(new KeepSession(RealisticSession.forClient(
                RealisticTokens.issue("RS256"), provider.issuer(), DevProvider.DEMO_CLIENT_ID))), "/public/keep-session");
        server.setHandler(context);
        server.start();

        String kept = connector.getResponse("GET /public/keep-session HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        Matcher cookie = SESSION_COOKIE.matcher(kept);
        if (!cookie.find()) {
            throw new IllegalStateException("no session cookie in " + kept);
        }
        String headers = "Host: localhost\r\nCookie: JSESSIONID=" + cookie.group(1) + "\r\n\r\n";
        protectedRequest = "GET /hello HTTP/1.1\r\n" + headers;
        publicRequest = "GET /public/hello HTTP/1.1\r\n" + headers;
        connection = connector.connect();
        expect(protectedHello(), "hello auth0|");
        expect(publicHello(), "hello anonymous");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
        provider.close();
    }

    @Benchmark
    public String protectedHello() throws Exception {
        connection.addInput(protectedRequest);
        return connection.getResponse();
    }

    @Benchmark
    public String publicHello() throws Exception {
        connection.addInput(publicRequest);
        return connection.getResponse();
    }

    private static void expect(String response, String body) {
        if (response == null || !response.startsWith("HTTP/1.1 200") || !response.contains(body)) {
            throw new IllegalStateException("expected 200 with '" + body + "', got: " + response);
        }
    }

    /** {@code hello <principal name>}, or {@code hello anonymous}: what the sample's hello servlet answers. */
    private static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Principal principal = request.getUserPrincipal();
            response.setContentType("text/plain");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("hello " + (principal != null ? principal.getName() : "anonymous"));
        }
    }

    /** Puts a logged-in session into a new {@code HttpSession}, as the {@code http-session} store does at login. */
    private static final class KeepSession extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient OidcSession session;

        KeepSession(OidcSession session) {
            this.session = session;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            request.getSession(true).setAttribute(HttpSessionStore.attributeName(new SealingScope(
                    session.principal().issuer(), DevProvider.DEMO_CLIENT_ID, "")), session);
            response.setStatus(204);
        }
    }
}
