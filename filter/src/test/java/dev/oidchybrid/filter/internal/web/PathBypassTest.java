package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.http.PathTricks;
import dev.oidchybrid.testkit.http.RawHttp;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Path tricks against the filter in a real Jetty, once with Jetty's default URI compliance and once with every
 * ambiguous form let through to the servlet API (as more lenient containers do): whatever the raw path, the
 * servlet behind the filter never runs for an anonymous user on a path the exclusions do not cover, and a bearer
 * token never reaches a path whose scope it lacks. The assertions are on what the servlet saw (its dispatch
 * path and user), not on status codes, which differ between containers.
 */
class PathBypassTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private final List<FilterHarness> apps = new ArrayList<>();

    @AfterEach
    void stopApps() throws Exception {
        for (FilterHarness app : apps) {
            app.close();
        }
    }

    private FilterHarness start(Map<String, String> params, String contextPath, boolean lenient) throws Exception {
        FilterHarness app = new FilterHarness(params, provider.environment(), Clock.systemUTC(), contextPath,
                lenient ? UriCompliance.UNSAFE : null);
        apps.add(app);
        return app;
    }

    private static Map<String, String> lines(String body) {
        return FilterHarness.echoed(body);
    }

    /** The dispatch path the servlet saw, or null when it did not run. */
    private static String servletSaw(RawHttp.Answer answer) {
        return answer.status() == 200 && answer.body().contains("dispatch=") ? lines(answer.body()).get("dispatch")
                : null;
    }

    @ParameterizedTest(name = "lenient container: {0}")
    @ValueSource(booleans = {false, true})
    void excludedPathWhenRawPathTricksAimElsewhereThenServletNeverRunsAnonymouslyOutsideExclusions(boolean lenient)
            throws Exception {
        FilterHarness app = start(Map.of("exclude-paths", "/public/*, /health"), "/app", lenient);
        List<String> tricks = new ArrayList<>(PathTricks.from("/public", "/admin/x"));
        tricks.addAll(PathTricks.from("/public/deep", "/admin/x"));
        tricks.addAll(PathTricks.from("/health", "/admin/x"));
        List<String> failures = new ArrayList<>();
        for (String trick : tricks) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app" + trick,
                    Map.of("Accept", "text/html"));
            if (answer.status() >= 500 || answer.status() < 0) {
                failures.add(trick + " -> " + answer.status());
            }
            String saw = servletSaw(answer);
            if (saw != null) {
                boolean excluded = saw.startsWith("/public/") || saw.equals("/public") || saw.equals("/health");
                if (!excluded || !"anonymous".equals(lines(answer.body()).get("user"))) {
                    failures.add(trick + " ran the servlet anonymously at " + saw);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // the servlet does answer here: a plain excluded path reaches it
        RawHttp.Answer plain = RawHttp.get("127.0.0.1", app.port(), "/app/public/hello", Map.of());
        assertEquals("/public/hello", servletSaw(plain));
    }

    @ParameterizedTest(name = "lenient container: {0}")
    @ValueSource(booleans = {false, true})
    void protectedPathWhenRawPathDisagreesWithDispatchThenLoginInsteadOfExclusion(boolean lenient) throws Exception {
        FilterHarness app = start(Map.of("exclude-paths", "/public/*"), "/app", lenient);
        for (String trick : List.of("/public/../admin/x", "/public/./../admin/x", "/public/x/../../admin/x")) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app" + trick,
                    Map.of("Accept", "text/html"));
            assertEquals(302, answer.status(), trick + "\n" + answer.headers());
            assertTrue(answer.headers().contains("Location: " + provider.issuer()), answer.headers());
        }
    }

    @Test
    void excludedPathWhenSpelledWithDotSegmentsThenTreatedAsProtected() throws Exception {
        FilterHarness app = start(Map.of("exclude-paths", "/public/*"), "/app", true);
        // dispatched to /public/hello, but not spelled plainly: fail closed, a login rather than an open door
        RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app/public/x/../hello",
                Map.of("Accept", "text/html"));
        assertEquals(302, answer.status(), answer.headers());
        RawHttp.Answer withParam = RawHttp.get("127.0.0.1", app.port(), "/app/public/hello;jsessionid=1", Map.of());
        assertEquals("/public/hello", servletSaw(withParam), "a path parameter the container strips is plain");
    }

    private String accessToken(String scope) throws Exception {
        FilterHarness web = start(Map.of("audience", "appointments:api", "scope", scope), "/app", false);
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(web.url("/x")), "alice", "alice-password"));
        String body = browser.navigate(web.url("/x?at")).body();
        String token = body.lines().filter(l -> l.startsWith("rawAccessToken=")).map(l -> l.substring(15))
                .findFirst().orElseThrow();
        LogSafety.secret(token);
        return token;
    }

    @ParameterizedTest(name = "lenient container: {0}")
    @ValueSource(booleans = {false, true})
    void requiredScopesWhenPathSpelledDifferentlyThenTokenWithoutScopeNeverReachesServlet(boolean lenient)
            throws Exception {
        FilterHarness api = start(Map.of("mode", "bearer", "audience", "appointments:api",
                "required-scopes", "/appointments/*=read:appointments"), "/api", lenient);
        String token = accessToken("openid");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        List<String> paths = new ArrayList<>(PathTricks.spellings("/appointments"));
        paths.addAll(PathTricks.spellings("/appointments/7"));
        paths.addAll(PathTricks.from("/other", "/appointments"));
        paths.addAll(PathTricks.from("/other", "/appointments/7"));
        List<String> failures = new ArrayList<>();
        for (String path : paths) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", api.port(), "/api" + path, auth);
            String saw = servletSaw(answer);
            if (saw != null && (saw.equals("/appointments") || saw.startsWith("/appointments/"))) {
                failures.add(path + " reached " + saw + " without read:appointments");
            }
            if (answer.status() >= 500 || answer.status() < 0) {
                failures.add(path + " -> " + answer.status());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(403, RawHttp.get("127.0.0.1", api.port(), "/api/appointments", auth).status());
        assertEquals("/other", servletSaw(RawHttp.get("127.0.0.1", api.port(), "/api/other", auth)),
                "a path without a rule needs only a valid token");
    }

    @ParameterizedTest(name = "lenient container: {0}")
    @ValueSource(booleans = {false, true})
    void bearerWhenRawPathNotPlainThen400EvenWhereNoRuleApplies(boolean lenient) throws Exception {
        // a framework routing on the raw URI would see /appointments/.. as a resource below /appointments
        FilterHarness api = start(Map.of("mode", "bearer", "audience", "appointments:api",
                "required-scopes", "/appointments/*=read:appointments"), "/api", lenient);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + accessToken("openid"));
        for (String path : List.of("/appointments/..", "/appointments/7/../..", "/other/./x", "/other//x")) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", api.port(), "/api" + path, auth);
            assertEquals(null, servletSaw(answer), path);
            assertTrue(answer.status() == 400, path + " -> " + answer.status());
        }
        assertEquals("/other/x", servletSaw(RawHttp.get("127.0.0.1", api.port(), "/api/other/x;jsessionid=1", auth)),
                "a path parameter the container strips is plain");
    }

    @Test
    void endpointWhenReachedThroughANonPlainPathThenNotRoutedThere() throws Exception {
        FilterHarness app = start(Map.of("exclude-paths", "/public/*"), "/app", true);
        // the logout endpoint would send the browser to the post-logout page; a protected page starts a login
        RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app/x/../logout", Map.of("Accept", "text/html"));
        assertEquals(302, answer.status(), answer.headers());
        assertTrue(answer.headers().contains("Location: " + provider.issuer() + "/authorize?"), answer.headers());
    }

    @Test
    void requiredScopesWhenDefaultRuleThenUnlistedPathsNeedItsScope() throws Exception {
        FilterHarness api = start(Map.of("mode", "bearer", "audience", "appointments:api",
                "required-scopes", "*=read:appointments; /open/*=openid"), "/api", false);
        String narrow = accessToken("openid");
        assertEquals(403, RawHttp.get("127.0.0.1", api.port(), "/api/other",
                Map.of("Authorization", "Bearer " + narrow)).status());
        assertEquals(403, RawHttp.get("127.0.0.1", api.port(), "/api/",
                Map.of("Authorization", "Bearer " + narrow)).status());
        assertEquals("/open/x", servletSaw(RawHttp.get("127.0.0.1", api.port(), "/api/open/x",
                Map.of("Authorization", "Bearer " + narrow))), "an earlier listed rule wins over the default");
        String wide = accessToken("openid read:appointments");
        assertEquals("/other", servletSaw(RawHttp.get("127.0.0.1", api.port(), "/api/other",
                Map.of("Authorization", "Bearer " + wide))));
    }
}
