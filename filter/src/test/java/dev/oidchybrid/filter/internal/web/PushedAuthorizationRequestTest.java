package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushed authorization requests (RFC 9126) end to end against the development provider. */
class PushedAuthorizationRequestTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    private static List<String> logSince(int before) {
        List<String> all = LogSafety.records();
        return all.subList(before, all.size());
    }

    private static void assertNoLoginCookie(Browser browser) {
        assertEquals(List.of(), browser.cookies().stream().map(c -> c.getName())
                .filter(n -> n.contains("oidc_login")).toList(), "no half-started login");
    }

    private static void assertErrorPage(HttpResponse<String> page, int status, String code) {
        assertEquals(status, page.statusCode(), page.body());
        assertTrue(page.body().contains("<code>" + code + "</code>"), page.body());
        assertTrue(page.body().contains(">Try again</a>"), page.body());
        assertTrue(!page.body().contains("Exception") && !page.body().contains(" at "), page.body());
    }

    @Test
    void loginWhenParTrueAndProviderHasNoParEndpointThenSelfCheckErrorAndParUnsupportedPageWithoutCookie()
            throws Exception {
        int atStart = LogSafety.records().size();
        try (FilterHarness app = new FilterHarness(Map.of("par", "true"), provider.environment())) {
            assertTrue(logSince(atStart).stream().anyMatch(l -> l.contains("OIDC self-check: ERROR par: par=true")),
                    () -> logSince(atStart).toString());
            Browser browser = new Browser();
            int before = LogSafety.records().size();
            HttpResponse<String> page = browser.navigate(app.url("/x"));
            assertErrorPage(page, 502, "par_unsupported");
            assertNoLoginCookie(browser);
            List<String> log = logSince(before).stream().filter(l -> l.contains("par_unsupported")).toList();
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("set par to auto"), log.get(0));
        }
    }

    /** Discovery says PAR is required, at {@code endpoint} (in place of the provider's own, if any). */
    private static void parRequiredAt(String endpoint) {
        provider.faults().discoveryCustomizer(doc -> {
            doc.put("pushed_authorization_request_endpoint", endpoint);
            doc.put("require_pushed_authorization_requests", true);
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void loginWhenParEndpointDownThenUnavailablePageWithoutCookie() throws Exception {
        parRequiredAt("http://127.0.0.1:" + closedPort() + "/par");
        try (FilterHarness app = new FilterHarness(Map.of(), provider.environment())) {
            Browser browser = new Browser();
            int before = LogSafety.records().size();
            HttpResponse<String> page = browser.navigate(app.url("/x"));
            assertErrorPage(page, 503, "op_unavailable");
            assertNoLoginCookie(browser);
            assertTrue(logSince(before).stream().anyMatch(l -> l.contains("op_unavailable: pushed authorization "
                    + "request to http://127.0.0.1:")), () -> logSince(before).toString());
        }
    }

    @Test
    void loginWhenParEndpointTooSlowThenTimeoutPageWithoutCookie() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/par", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        slow.start();
        try {
            parRequiredAt("http://127.0.0.1:" + slow.getAddress().getPort() + "/par");
            Map<String, String> params = new HashMap<>(Map.of("read-timeout", "300"));
            try (FilterHarness app = new FilterHarness(params, provider.environment())) {
                Browser browser = new Browser();
                HttpResponse<String> page = browser.navigate(app.url("/x"));
                assertErrorPage(page, 504, "op_timeout");
                assertNoLoginCookie(browser);
            }
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void loginWhenAPushEndpointRefusesThenParRefusedPageWithTheProvidersCodeAndNoCookie() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/par", exchange -> {
            byte[] body = "{\"error\":\"invalid_request\",\"error_description\":\"no <b>such</b> audience\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        refusing.start();
        try {
            parRequiredAt("http://127.0.0.1:" + refusing.getAddress().getPort() + "/par");
            try (FilterHarness app = new FilterHarness(Map.of(), provider.environment())) {
                Browser browser = new Browser();
                int before = LogSafety.records().size();
                HttpResponse<String> page = browser.navigate(app.url("/x"));
                assertErrorPage(page, 502, "par_refused");
                assertTrue(page.body().contains("The identity provider said: <code>invalid_request</code>"), page.body());
                assertTrue(!page.body().contains("<b>such</b>"), "the provider's description is for the log only");
                assertNoLoginCookie(browser);
                List<String> log = logSince(before).stream().filter(l -> l.contains("par_refused")).toList();
                assertEquals(1, log.size(), log.toString());
                assertTrue(log.get(0).contains("invalid_request (no <b>such</b> audience): check scope"), log.get(0));
            }
        } finally {
            refusing.stop(0);
        }
    }
}
