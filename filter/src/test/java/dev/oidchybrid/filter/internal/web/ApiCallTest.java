package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.web.OidcAttributes;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.oidchybrid.filter.client.BearerTokenClientFilter;
import dev.oidchybrid.filter.client.OidcAccessTokens;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calling a bearer-protected API (the provider's userinfo) from a servlet with {@link BearerTokenClientFilter}:
 * the session's access token is sent, and refreshed first when it comes due during the request.
 */
class ApiCallTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(Duration.ofMinutes(5)));
    private JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    /** Calls userinfo with the filter's token; with ?late, first lets the access token come due mid-request. */
    final class ApiCallingServlet extends HttpServlet {
        private final Client client = ClientBuilder.newClient().register(new BearerTokenClientFilter());

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String before = (String) req.getAttribute(OidcAttributes.ACCESS_TOKEN);
            if (req.getParameter("late") != null) {
                clock.advance(Duration.ofMinutes(5).minusSeconds(20));
            }
            String target = req.getParameter("target") != null ? req.getParameter("target")
                    : provider.issuer() + "/userinfo";
            try (Response answer = client.target(target).request().get()) {
                String sent = OidcAccessTokens.current().orElse("none");
                resp.setContentType("text/plain");
                resp.getWriter().write("status=" + answer.getStatus() + "\nbody=" + answer.readEntity(String.class)
                        + "\nrefreshed=" + !sent.equals(before) + "\nbare=" + OidcAccessTokens.current().isPresent()
                        + "\nforeign=" + OidcAccessTokens.authorization("GET", "https://elsewhere.example/x")
                        .isPresent() + "\n");
            }
        }

        @Override
        public void destroy() {
            client.close();
        }
    }

    private Browser loggedIn() throws Exception {
        return loggedIn(Map.of());
    }

    private Browser loggedIn(Map<String, String> moreEnv) throws Exception {
        Map<String, String> env = provider.environment(Map.of("OIDC_SCOPE", "openid profile email offline_access"));
        env.putAll(moreEnv);
        app = new JettyApp(context -> {
            context.addFilter(new FilterHolder(new OidcFilterCore(env::get, clock, new SecureRandom())), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new ApiCallingServlet()), "/*");
        });
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(url("/api-call")), "alice", "alice-password"));
        return browser;
    }

    private String url(String path) {
        return app.base() + path;
    }

    @Test
    void apiCallWhenLoggedInThenTheApiGetsTheSessionsBearerToken() throws Exception {
        HttpResponse<String> answer = loggedIn().navigate(url("/api-call"));
        assertTrue(answer.body().contains("status=200"), answer.body());
        assertTrue(answer.body().contains("\"sub\":\"alice-0001\""), answer.body());
        assertTrue(answer.body().contains("refreshed=false"), answer.body());
        assertTrue(answer.body().contains("bare=true"), "a Bearer token is handed out as before");
        assertTrue(answer.body().contains("foreign=false"), "never for a destination outside api-origins");
    }

    @Test
    void apiCallWhenTheTokenIsDpopBoundThenSentWithTheDpopSchemeAndAProofTheApiAccepts() throws Exception {
        HttpResponse<String> answer = loggedIn(Map.of("OIDC_DPOP", "true")).navigate(url("/api-call"));
        // the kit's userinfo refuses a bound token presented as Bearer, and checks htm, htu, ath and the key
        assertTrue(answer.body().contains("status=200"), answer.body());
        assertTrue(answer.body().contains("bare=false"), "a bound token is never handed out bare: " + answer.body());
        assertTrue(answer.body().contains("foreign=false"), "nor for a destination outside api-origins");
        assertTrue(answer.body().contains("\"sub\":\"alice-0001\""), answer.body());
    }

    @Test
    void apiCallWhenTheTokenComesDueDuringTheRequestThenItIsRefreshedBeforeItIsSent() throws Exception {
        Browser browser = loggedIn();
        int grants = provider.counters().token();
        HttpResponse<String> answer = browser.navigate(url("/api-call?late"));
        assertTrue(answer.body().contains("status=200") && answer.body().contains("refreshed=true"), answer.body());
        assertEquals(grants + 1, provider.counters().token());
    }

    /** A server elsewhere that records the Authorization header of each request it gets. */
    private static com.sun.net.httpserver.HttpServer recorder(java.util.List<String> authorizations)
            throws IOException {
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        other.start();
        return other;
    }

    @Test
    void apiCallWhenTheDestinationIsNotAnAllowedOriginThenNoTokenIsAttached() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer other = recorder(seen);
        try {
            String elsewhere = "http://localhost:" + other.getAddress().getPort() + "/collect";
            HttpResponse<String> answer = loggedIn().navigate(url("/api-call?target="
                    + java.net.URLEncoder.encode(elsewhere, java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(answer.body().contains("status=204"), answer.body());
            assertEquals(java.util.List.of("null"), seen, "the user's token went to another origin");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void apiCallWhenTheDestinationIsListedInApiOriginsThenTheTokenIsAttached() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer other = recorder(seen);
        try {
            String origin = "http://localhost:" + other.getAddress().getPort();
            Browser browser = loggedIn(Map.of("OIDC_API_ORIGINS", origin));
            browser.navigate(url("/api-call?target=" + java.net.URLEncoder.encode(origin + "/api",
                    java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).startsWith("Bearer ey"), seen.toString());
        } finally {
            other.stop(0);
        }
    }

    @Test
    void currentWhenOutsideAFilteredRequestThenEmpty() {
        assertTrue(OidcAccessTokens.current().isEmpty());
    }
}
