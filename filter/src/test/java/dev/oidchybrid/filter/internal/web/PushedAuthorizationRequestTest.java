package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushed authorization requests (RFC 9126) end to end against the development provider, which offers PAR
 * without requiring it: {@code par=true} logs in through it; a push that is refused, fails or is slow gets a
 * page whose status says whose fault it is, and no login is half started.
 */
class PushedAuthorizationRequestTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    static List<String> logSince(int before) {
        List<String> all = LogSafety.records();
        return all.subList(before, all.size());
    }

    static void assertNoLoginCookie(Browser browser) {
        assertEquals(List.of(), browser.cookies().stream().map(c -> c.getName())
                .filter(n -> n.contains("oidc_login")).toList(), "no half-started login");
    }

    static void assertErrorPage(HttpResponse<String> page, int status, String code) {
        assertEquals(status, page.statusCode(), page.body());
        assertTrue(page.body().contains("<code>" + code + "</code>"), page.body());
        assertTrue(page.body().contains(">Try again</a>"), page.body());
        assertTrue(!page.body().contains("Exception") && !page.body().contains(" at "), page.body());
    }

    /** The names of the query parameters of the redirect to the provider. */
    static Set<String> redirectParameters(HttpResponse<String> redirect) {
        return Arrays.stream(URI.create(Browser.location(redirect)).getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2)[0]).collect(Collectors.toSet());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void loginWhenParTrueThenPushedAndTheBrowserCarriesOnlyClientIdAndRequestUri() throws Exception {
        try (FilterHarness app = new FilterHarness(Map.of("par", "true"), provider.environment())) {
            Browser browser = new Browser();
            int pushes = provider.counters().par();
            HttpResponse<String> redirect = browser.navigate(app.url("/x"));
            assertEquals(302, redirect.statusCode());
            assertEquals(Set.of("client_id", "request_uri"), redirectParameters(redirect));
            assertEquals(pushes + 1, provider.counters().par());
            HttpResponse<String> done = browser.submit(browser.signInAtProvider(redirect, "alice", "alice-password"));
            assertEquals(303, done.statusCode(), done.body());
            assertTrue(browser.navigate(app.url("/x")).body().contains("user=alice-0001"));
        }
    }

    @Test
    void loginWhenParAutoAndProviderDoesNotRequireItThenNotPushed() throws Exception {
        try (FilterHarness app = new FilterHarness(Map.of(), provider.environment())) {
            int pushes = provider.counters().par();
            HttpResponse<String> redirect = new Browser().navigate(app.url("/x"));
            assertTrue(redirectParameters(redirect).contains("state"));
            assertEquals(pushes, provider.counters().par());
        }
    }

    @Test
    void loginWhenParTrueAndProviderHasNoParEndpointThenSelfCheckErrorAndParUnsupportedPageWithoutCookie()
            throws Exception {
        provider.faults().discoveryCustomizer(doc -> doc.remove("pushed_authorization_request_endpoint"));
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

    @Test
    void loginWhenTheParEndpointRefusesThenParRefusedPageWithTheProvidersCodeAndNoCookie() throws Exception {
        try (FilterHarness app = new FilterHarness(Map.of("par", "true"), provider.environment())) {
            provider.faults().parEndpointError(400, "invalid_request");
            Browser browser = new Browser();
            int before = LogSafety.records().size();
            int authorizations = provider.counters().authorize();
            HttpResponse<String> page = browser.navigate(app.url("/x"));
            assertErrorPage(page, 502, "par_refused");
            assertTrue(page.body().contains("The identity provider said: <code>invalid_request</code>"), page.body());
            assertNoLoginCookie(browser);
            assertEquals(authorizations, provider.counters().authorize(), "the browser was not sent anywhere");
            List<String> log = logSince(before).stream().filter(l -> l.contains("par_refused")).toList();
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("refused the pushed authorization request: invalid_request: check scope"),
                    log.get(0));
        }
    }

    @Test
    void loginWhenTheParEndpointAnswers503ThenUnavailablePageWithoutCookie() throws Exception {
        try (FilterHarness app = new FilterHarness(Map.of("par", "true"), provider.environment())) {
            provider.faults().parEndpointError(503, "temporarily_unavailable");
            Browser browser = new Browser();
            assertErrorPage(browser.navigate(app.url("/x")), 503, "op_unavailable");
            assertNoLoginCookie(browser);
        }
    }

    @Test
    void loginWhenTheParEndpointIsDownThenUnavailablePageWithoutCookie() throws Exception {
        String down = "http://127.0.0.1:" + closedPort() + "/par";
        provider.faults().discoveryCustomizer(doc -> doc.put("pushed_authorization_request_endpoint", down));
        try (FilterHarness app = new FilterHarness(Map.of("par", "true"), provider.environment())) {
            Browser browser = new Browser();
            int before = LogSafety.records().size();
            assertErrorPage(browser.navigate(app.url("/x")), 503, "op_unavailable");
            assertNoLoginCookie(browser);
            assertTrue(logSince(before).stream().anyMatch(l -> l.contains("op_unavailable: pushed authorization "
                    + "request to " + down + " failed")), () -> logSince(before).toString());
        }
    }

    @Test
    void loginWhenTheParEndpointIsTooSlowThenTimeoutPageWithoutCookie() throws Exception {
        try (FilterHarness app = new FilterHarness(Map.of("par", "true", "read-timeout", "300"),
                provider.environment())) {
            provider.faults().parEndpointDelay(Duration.ofSeconds(2));
            Browser browser = new Browser();
            assertErrorPage(browser.navigate(app.url("/x")), 504, "op_timeout");
            assertNoLoginCookie(browser);
        }
    }
}
