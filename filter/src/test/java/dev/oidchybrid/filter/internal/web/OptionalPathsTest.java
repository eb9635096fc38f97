package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.testkit.http.PathTricks;
import dev.oidchybrid.testkit.http.RawHttp;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code optional-paths}: a public page that still knows the user. With a session the servlet sees the user, the
 * roles and the token attributes; without one it runs anonymous, with neither a login nor a 401; a raw path that
 * does not spell an optional path plainly is protected, as with {@code exclude-paths}.
 */
class OptionalPathsTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private final List<FilterHarness> apps = new ArrayList<>();

    @AfterEach
    void stopApps() throws Exception {
        for (FilterHarness app : apps) {
            app.close();
        }
    }

    private FilterHarness start(boolean lenient) throws Exception {
        FilterHarness app = new FilterHarness(Map.of("optional-paths", "/, /home/*",
                "roles-claim", "https://example.com/roles"), provider.environment(), Clock.systemUTC(), "/app",
                lenient ? UriCompliance.UNSAFE : null);
        apps.add(app);
        return app;
    }

    private static Map<String, String> lines(String body) {
        return FilterHarness.echoed(body);
    }

    @Test
    void optionalPathWhenSessionThenTheServletSeesTheUserRolesAndTokens() throws Exception {
        FilterHarness app = start(false);
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/private")), "alice", "alice-password"));

        for (String path : List.of("/", "/home/page")) {
            HttpResponse<String> page = browser.navigate(app.url(path));

            assertEquals(200, page.statusCode(), path + ": " + page.body());
            Map<String, String> seen = lines(page.body());
            assertEquals("alice-0001", seen.get("user"), path);
            assertEquals("OIDC", seen.get("authType"), path);
            assertEquals("true", seen.get("admin"), path);
            assertEquals("true", seen.get("idToken"), path);
            assertEquals("true", seen.get("accessToken"), path);
        }
    }

    @Test
    void optionalPathWhenNoSessionThenAnonymousWithoutLoginOr401() throws Exception {
        FilterHarness app = start(false);
        Browser browser = new Browser();

        HttpResponse<String> navigation = browser.navigate(app.url("/home/page"));
        HttpResponse<String> script = browser.get(app.url("/"), "Accept", "application/json");

        assertEquals(200, navigation.statusCode(), navigation.headers().map().toString());
        assertEquals("anonymous", lines(navigation.body()).get("user"));
        assertEquals("false", lines(navigation.body()).get("idToken"));
        assertEquals(200, script.statusCode());
        assertEquals("anonymous", lines(script.body()).get("user"));
        assertTrue(browser.cookies().isEmpty(), "no login state, no session: " + browser.cookies());
        // the control: a path that is not optional starts the login
        assertEquals(302, browser.navigate(app.url("/private")).statusCode());
        assertEquals(401, browser.get(app.url("/private"), "Accept", "application/json").statusCode());
    }

    @ParameterizedTest(name = "lenient container: {0}")
    @ValueSource(booleans = {false, true})
    void optionalPathWhenRawPathTricksAimElsewhereThenServletNeverRunsAnonymouslyOutsideOptionalPaths(
            boolean lenient) throws Exception {
        FilterHarness app = start(lenient);
        List<String> tricks = new ArrayList<>(PathTricks.from("/home", "/admin/x"));
        tricks.addAll(PathTricks.from("/home/deep", "/admin/x"));
        tricks.addAll(PathTricks.from("", "/admin/x"));
        List<String> failures = new ArrayList<>();
        for (String trick : tricks) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app" + trick,
                    Map.of("Accept", "text/html"));
            if (answer.status() >= 500 || answer.status() < 0) {
                failures.add(trick + " -> " + answer.status());
            }
            if (answer.status() == 200 && answer.body().contains("dispatch=")) {
                String saw = lines(answer.body()).get("dispatch");
                boolean optional = saw.equals("/") || saw.equals("/home") || saw.startsWith("/home/");
                if (!optional && "anonymous".equals(lines(answer.body()).get("user"))) {
                    failures.add(trick + " ran the servlet anonymously at " + saw);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void optionalPathWhenSpelledWithDotSegmentsThenTreatedAsProtected() throws Exception {
        FilterHarness app = start(true);

        RawHttp.Answer dotted = RawHttp.get("127.0.0.1", app.port(), "/app/x/../home/page",
                Map.of("Accept", "text/html"));
        RawHttp.Answer plain = RawHttp.get("127.0.0.1", app.port(), "/app/home/page", Map.of("Accept", "text/html"));

        assertEquals(302, dotted.status(), "dispatched to /home/page, but not spelled plainly: " + dotted.headers());
        assertTrue(dotted.headers().contains("Location: " + provider.issuer()), dotted.headers());
        assertEquals(200, plain.status(), plain.headers());
    }
}
