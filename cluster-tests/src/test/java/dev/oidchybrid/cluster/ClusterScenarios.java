package dev.oidchybrid.cluster;

import dev.oidchybrid.cluster.LoadBalancer.Node;
import dev.oidchybrid.cluster.LoadBalancer.Served;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.Page;
import org.htmlunit.WebResponse;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster scenarios, the same for every store: two app nodes (separate JVMs) behind the test's load
 * balancer, one development provider, all started once per class ({@link Cluster}). Each scenario logs in
 * with a fresh browser (so a fresh SSO session and {@code sid} at the provider), as alice.
 *
 * <ol type="a">
 *   <li>a login started on node A is finished (form_post callback) on node B, and the session serves on both;</li>
 *   <li>10 requests alternating A/B are all served logged in, with no new login at the provider;</li>
 *   <li>RP-initiated logout on A ends the session on B;</li>
 *   <li>a back-channel logout delivered to A (directly) ends the session on B;</li>
 *   <li>20 concurrent requests over A and B when the access token is due: exactly one refresh grant, all
 *       served logged in;</li>
 *   <li>node B crashes (destroyForcibly) and restarts on its port: A serves meanwhile, B serves again after;</li>
 *   <li>the application's "log out everywhere" ({@code OidcSessions.revokeSubject}) on node A ends the user's
 *       sessions on node B; a new login works at once.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterScenarios {

    private static final DemoUser USER = DemoUser.alice();
    private static final String HELLO = "hello " + USER.subject();
    private static final int CONCURRENT_REQUESTS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final StoreSetup setup;
    protected Cluster cluster;
    private LoadBalancer lb;
    private DevProvider provider;

    protected ClusterScenarios(StoreSetup setup) {
        this.setup = setup;
    }

    @BeforeAll
    void startCluster() {
        cluster = Cluster.start(getClass().getSimpleName(), setup);
        lb = cluster.balancer();
        provider = cluster.provider();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** (a) Login started on A, callback on B: B answers 303 and the session then serves on both nodes. */
    @Test
    @Order(1)
    void loginStartedOnNodeAIsFinishedOnNodeB() throws IOException {
        try (HtmlUnitBrowser browser = newBrowser()) {
            lb.route(Node.A);
            lb.clearServed();
            browser.open(cluster.app("/hello"));
            assertTrue(browser.onLoginPage(), () -> "expected the provider's login page, got "
                    + browser.current().getUrl() + context());
            Served start = first("GET", "/app/hello");
            assertEquals(Node.A, start.node(), context());
            assertEquals(302, start.status(), () -> "the login start" + context());

            lb.route(Node.B);
            Page page = browser.logIn(USER.username(), USER.password());
            Served callback = first("POST", "/app/callback");
            assertEquals(Node.B, callback.node(), context());
            assertEquals(303, callback.status(), () -> "node B's answer to the callback" + context());
            assertEquals(cluster.app("/hello"), page.getUrl().toString(), context());
            assertEquals(200, page.getWebResponse().getStatusCode(), context());
            assertEquals(HELLO, page.getWebResponse().getContentAsString(), context());

            assertLoggedIn(browser, Node.A, "after the login finished on B");
            assertLoggedIn(browser, Node.B, "after the login finished on B");
        }
    }

    /** (b) 10 requests alternating A/B, all logged in, without a new login at the provider. */
    @Test
    @Order(2)
    void requestsAlternatingBetweenNodesAreAllServedLoggedIn() throws IOException {
        try (HtmlUnitBrowser browser = newBrowser()) {
            logIn(browser, Node.A, Node.B);
            int authorize = provider.counters().authorize();
            lb.alternate();
            lb.clearServed();
            for (int i = 0; i < 10; i++) {
                Node expected = i % 2 == 0 ? Node.A : Node.B;
                int request = i + 1;
                WebResponse response = browser.navigate(cluster.app("/hello"));
                Served served = last("GET", "/app/hello");
                assertEquals(expected, served.node(), () -> "request " + request + context());
                assertEquals(200, response.getStatusCode(),
                        () -> "request " + request + " on node " + expected + ": " + describe(response) + context());
                assertEquals(HELLO, response.getContentAsString(), () -> "request " + request + context());
            }
            assertEquals(authorize, provider.counters().authorize(), "no new login at the provider");
        }
    }

    /** (c) RP-initiated logout on A: the next request on B is not logged in. */
    @Test
    @Order(3)
    void logoutOnNodeAEndsTheSessionOnNodeB() throws IOException {
        try (HtmlUnitBrowser browser = newBrowser()) {
            logIn(browser, Node.A, Node.B);
            assertLoggedIn(browser, Node.B, "before the logout");

            lb.route(Node.A);
            lb.clearServed();
            browser.open(cluster.app("/logout"));
            Served logout = first("GET", "/app/logout");
            assertEquals(Node.A, logout.node(), context());
            assertEquals(302, logout.status(), () -> "node A's answer to the logout" + context());

            assertLoggedOut(browser, Node.B, "after the logout on A");
        }
    }

    /** (d) Back-channel logout (sid) delivered to node A directly: the session ends on node B too. */
    @Test
    @Order(4)
    void backChannelLogoutOnNodeAEndsTheSessionOnNodeB() throws IOException {
        try (HtmlUnitBrowser browser = newBrowser()) {
            logIn(browser, Node.A, Node.B);
            Object sid = profile(browser, Node.B).get("sid");
            assertTrue(sid instanceof String s && !s.isBlank(), () -> "no sid claim in the session" + context());

            int status = provider.sendBackChannelLogout(URI.create(cluster.direct(Node.A, "/backchannel-logout")),
                    provider.logoutToken(null, (String) sid));
            assertEquals(200, status, "node A's answer to the back-channel logout");

            if (!stateShared()) {
                // shared-state=local: the revocation lives in node A's memory only. Node B goes on serving the
                // session until a request of it reaches node A, which then ends the container session for all
                // (README, "Running in a cluster": send back-channel logouts to every node, use sticky sessions,
                // or set shared-state=jcache)
                assertLoggedIn(browser, Node.B, "node-local revocation: B does not know of the logout");
                assertLoggedOut(browser, Node.A, "after the back-channel logout delivered to A");
                assertLoggedOut(browser, Node.B, "after A ended the shared container session");
                return;
            }
            assertLoggedOut(browser, Node.B, "after the back-channel logout delivered to A");
            assertLoggedOut(browser, Node.A, "after the back-channel logout delivered to A");
        }
    }

    /** Whether revocations and refresh locks are shared by the nodes ({@code shared-state=jcache}). */
    private boolean stateShared() {
        return !"local".equals(setup.sharedState());
    }

    /**
     * (e) When the access token is due, 20 concurrent requests spread over A and B: exactly one refresh grant
     * reaches the provider, and every request is answered 200 logged in.
     */
    @Test
    @Order(5)
    void concurrentRequestsOnBothNodesRefreshOnce() throws Exception {
        try (HtmlUnitBrowser browser = newBrowser()) {
            logIn(browser, Node.A, Node.B);
            // the tokens were obtained before this instant; the refresh is due at half their lifetime
            Instant loggedIn = Instant.now();
            String cookies = cookieHeader(browser, cluster.app("/hello"));
            int tokenRequests = provider.counters().token();
            Duration due = Cluster.ACCESS_TOKEN_LIFETIME.dividedBy(2).plusMillis(300);
            long wait = Duration.between(Instant.now(), loggedIn.plus(due)).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }

            lb.clearServed();
            List<HttpResponse<String>> responses = concurrently(CONCURRENT_REQUESTS, i -> HTTP.send(
                    HttpRequest.newBuilder(URI.create(cluster.app("/hello")))
                            .timeout(Duration.ofSeconds(30))
                            .header("Cookie", cookies)
                            .header("Accept", "text/plain")
                            .header("Sec-Fetch-Mode", "cors")
                            // with node-local refresh locks only sticky routing keeps one grant per session
                            .header(LoadBalancer.ROUTE_HEADER, (i % 2 == 0 || !stateShared() ? Node.A : Node.B).name())
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));

            int refreshGrants = provider.counters().token() - tokenRequests;
            String answers = responses.stream().map(r -> r.statusCode() + " " + abbreviate(r.body()))
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting())).toString();
            long ok = responses.stream().filter(r -> r.statusCode() == 200 && HELLO.equals(r.body())).count();
            long servedByA = lb.served().stream().filter(s -> s.node() == Node.A).count();
            long servedByB = lb.served().stream().filter(s -> s.node() == Node.B).count();
            if (stateShared()) {
                assertTrue(servedByA > 0 && servedByB > 0, () -> "both nodes served" + context());
            } else {
                assertEquals(CONCURRENT_REQUESTS, servedByA, () -> "sticky: node A served all" + context());
            }
            assertEquals(CONCURRENT_REQUESTS, ok, () -> "requests answered 200 '" + HELLO + "' (answers: " + answers
                    + ", refresh grants: " + refreshGrants + ")" + context());
            assertEquals(1, refreshGrants, () -> "token requests (refresh grants) at the provider during the "
                    + CONCURRENT_REQUESTS + " concurrent requests (answers: " + answers + ")" + context());
        }
    }

    /** (f) Node B crashes and restarts on its port mid-session: A serves meanwhile, B serves again after. */
    @Test
    @Order(6)
    void nodeBCrashesAndRestartsMidSession() throws IOException {
        try (HtmlUnitBrowser browser = newBrowser()) {
            logIn(browser, Node.A, Node.B);
            int authorize = provider.counters().authorize();
            assertLoggedIn(browser, Node.B, "before node B crashed");

            cluster.kill(Node.B);
            assertLoggedIn(browser, Node.A, "while node B is down");

            cluster.restart(Node.B);
            assertLoggedIn(browser, Node.B, "after node B restarted");
            assertLoggedIn(browser, Node.A, "after node B restarted");
            assertEquals(authorize, provider.counters().authorize(), "no new login at the provider");
        }
    }

    /**
     * (g) "Log out everywhere" posted to node A by another device of the user: the session ends on node B at its
     * next request, and signing in again works at once (the provider's single sign-on answers).
     */
    @Test
    @Order(7)
    void revocationByTheApplicationOnNodeAEndsTheSessionOnNodeB() throws Exception {
        try (HtmlUnitBrowser browser = newBrowser(); HtmlUnitBrowser otherDevice = newBrowser()) {
            logIn(browser, Node.A, Node.B);
            logIn(otherDevice, Node.B, Node.A);
            assertLoggedIn(browser, Node.B, "before the revocation");

            String url = cluster.app("/logout-everywhere");
            HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Cookie", cookieHeader(otherDevice, url))
                    .header("Sec-Fetch-Site", "same-origin")
                    .header(LoadBalancer.ROUTE_HEADER, Node.A.name())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, revoked.statusCode(), () -> "node A's answer to log out everywhere: "
                    + abbreviate(revoked.body()) + context());

            if (!stateShared()) {
                // as with a back-channel logout: the revocation lives in node A's memory only (see (d))
                assertLoggedIn(browser, Node.B, "node-local revocation: B does not know of it");
                assertLoggedOut(browser, Node.A, "after the revocation on A");
                assertLoggedOut(browser, Node.B, "after A ended the shared container session");
            } else {
                assertLoggedOut(browser, Node.B, "after the revocation on A");
                assertLoggedOut(otherDevice, Node.A, "the device that asked, after the revocation on A");
            }

            lb.route(Node.B);
            Page again = browser.open(cluster.app("/hello"));
            assertEquals(200, again.getWebResponse().getStatusCode(), () -> "signing in again on B: "
                    + describe(again.getWebResponse()) + context());
            assertEquals(HELLO, again.getWebResponse().getContentAsString(), context());
            assertLoggedIn(browser, Node.A, "after signing in again");
        }
    }

    /**
     * A fresh browser (so a fresh SSO session at the provider) that waits up to 20 s for a page to settle and for an
     * answer (two JVMs behind the balancer, one of them maybe restarting), and does not fail on script errors.
     */
    private static HtmlUnitBrowser newBrowser() {
        HtmlUnitBrowser browser = new HtmlUnitBrowser(Duration.ofSeconds(20));
        browser.webClient().getOptions().setThrowExceptionOnScriptError(false);
        return browser;
    }

    /** The {@code Cookie} header {@code browser} would send to {@code url}, for requests made without it. */
    private static String cookieHeader(HtmlUnitBrowser browser, String url) throws IOException {
        return browser.webClient().getCookies(new URL(url)).stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    /** Logs alice in: the login starts on {@code start} and its callback is served by {@code callback}. */
    private void logIn(HtmlUnitBrowser browser, Node start, Node callback) throws IOException {
        lb.route(start);
        lb.clearServed();
        browser.open(cluster.app("/hello"));
        assertTrue(browser.onLoginPage(), () -> "expected the provider's login page, got "
                + browser.current().getUrl() + context());
        lb.route(callback);
        Page page = browser.logIn(USER.username(), USER.password());
        assertEquals(200, page.getWebResponse().getStatusCode(), () -> "after the login: " + page.getUrl() + "\n"
                + abbreviate(page.getWebResponse().getContentAsString()) + context());
        assertEquals(HELLO, page.getWebResponse().getContentAsString(), context());
    }

    private void assertLoggedIn(HtmlUnitBrowser browser, Node node, String when) throws IOException {
        lb.route(node);
        WebResponse response = browser.fetch(cluster.app("/hello"));
        assertEquals(node, last("GET", "/app/hello").node(), context());
        assertEquals(200, response.getStatusCode(),
                () -> "node " + node + " " + when + ": " + describe(response) + context());
        assertEquals(HELLO, response.getContentAsString(), () -> "node " + node + " " + when + context());
    }

    /** Not logged in on {@code node}: a script request gets 401, a navigation is sent to the provider. */
    private void assertLoggedOut(HtmlUnitBrowser browser, Node node, String when) throws IOException {
        lb.route(node);
        WebResponse script = browser.fetch(cluster.app("/hello"));
        assertEquals(node, last("GET", "/app/hello").node(), context());
        assertEquals(401, script.getStatusCode(),
                () -> "a script request to node " + node + " " + when + ": " + describe(script) + context());
        WebResponse navigation = browser.navigate(cluster.app("/hello"));
        assertEquals(302, navigation.getStatusCode(),
                () -> "a navigation to node " + node + " " + when + ": " + describe(navigation) + context());
        String location = navigation.getResponseHeaderValue("Location");
        assertTrue(location != null && location.startsWith(provider.issuer() + "/authorize"),
                () -> "a navigation to node " + node + " " + when + " goes to " + location + context());
    }

    /** The session's ID token claims ({@code /profile}) on {@code node}. */
    private Map<String, Object> profile(HtmlUnitBrowser browser, Node node) throws IOException {
        lb.route(node);
        WebResponse response = browser.fetch(cluster.app("/profile"));
        assertEquals(200, response.getStatusCode(), () -> "/profile on node " + node + ": " + describe(response));
        try {
            return JsonUtil.parseJson(response.getContentAsString());
        } catch (JoseException e) {
            throw new AssertionError("/profile is not JSON: " + response.getContentAsString(), e);
        }
    }

    private Served first(String method, String path) {
        return lb.served().stream().filter(s -> s.method().equals(method) && s.path().startsWith(path))
                .findFirst().orElseThrow(() -> new AssertionError("the load balancer forwarded no " + method + " "
                        + path + context()));
    }

    private Served last(String method, String path) {
        List<Served> matching = lb.served().stream()
                .filter(s -> s.method().equals(method) && s.path().startsWith(path)).toList();
        if (matching.isEmpty()) {
            fail("the load balancer forwarded no " + method + " " + path + context());
        }
        return matching.get(matching.size() - 1);
    }

    /** What to look at when an assertion fails: the requests the load balancer forwarded, and the node logs. */
    private String context() {
        return "\n  store: " + setup + "\n  forwarded: " + lb.served() + "\n  node logs: " + cluster.logs();
    }

    private static String describe(WebResponse response) {
        String location = response.getResponseHeaderValue("Location");
        return response.getStatusCode() + (location == null ? "" : " Location: " + location) + " "
                + abbreviate(response.getContentAsString());
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** A call made by {@link #concurrently}. */
    private interface Call<T> {
        T call(int index) throws Exception;
    }

    /** Runs {@code count} calls at once (released together) and returns their results in order. */
    private static <T> List<T> concurrently(int count, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call(index);
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS), "the request threads did not start");
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
