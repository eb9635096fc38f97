package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.http.PathTricks;
import dev.oidchybrid.testkit.http.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code access-rules} in session mode against the development provider (alice has the role admin, bob has not):
 * what passes, the 403 page and JSON, and that an anonymous visitor signs in before the rule is checked.
 */
class AccessRulesLoginTest {

    private static final String RULES = "/admin/*=role:admin; /reports/*=claim:email=alice@example.com; "
            + "/profile/*=scope:profile; /write/*=scope:write; /*=authenticated";

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private FilterHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private Browser start(String rules) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("roles-claim", DevProvider.ROLES_CLAIM));
        params.put("access-rules", rules);
        app = new FilterHarness(params, provider.environment());
        return new Browser();
    }

    private Browser signedIn(String rules, String user) throws Exception {
        Browser browser = start(rules);
        assertEquals(303, browser.submit(browser.signInAtProvider(browser.navigate(app.url("/home")), user,
                user + "-password")).statusCode());
        return browser;
    }

    private static void assertForbiddenPage(HttpResponse<String> answer) {
        assertEquals(403, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Location").isEmpty(), "no redirect");
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(answer.body().contains("<code>forbidden</code>"), answer.body());
        assertFalse(answer.body().contains("dispatch="), "the servlet did not run");
    }

    @Test
    void roleRuleWhenAdminThenServletRuns() throws Exception {
        Browser alice = signedIn(RULES, "alice");
        HttpResponse<String> answer = alice.navigate(app.url("/admin/users"));
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("user=alice-0001"), answer.body());
    }

    @Test
    void roleRuleWhenTheRefusedUrlCarriesTheSessionIdAsPathParameterThenTheLogLineLeavesItOut() throws Exception {
        Browser bob = signedIn(RULES, "bob");
        String sessionId = bob.cookies().stream().filter(c -> c.getName().equalsIgnoreCase("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();

        assertForbiddenPage(bob.navigate(app.url("/admin/users;jsessionid=" + sessionId)));

        List<String> lines = LogSafety.records().stream().filter(r -> r.contains("/admin/users")).toList();
        assertFalse(lines.isEmpty(), "the refusal is logged");
        assertTrue(lines.stream().noneMatch(r -> r.contains(sessionId)), lines.toString());
    }

    @Test
    void roleRuleWhenSignedInWithoutTheRoleThen403PageWithoutRedirect() throws Exception {
        Browser bob = signedIn(RULES, "bob");
        assertForbiddenPage(bob.navigate(app.url("/admin/users")));
        assertForbiddenPage(bob.navigate(app.url("/admin")));
        assertEquals(200, bob.navigate(app.url("/home")).statusCode(), "other paths need only a signed-in user");
        assertEquals(200, bob.navigate(app.url("/administrator")).statusCode(), "/admin/* is not a string prefix");
    }

    @Test
    void roleRuleWhenXhrWithoutTheRoleThen403JsonForbidden() throws Exception {
        Browser bob = signedIn(RULES, "bob");
        HttpResponse<String> answer = bob.get(app.url("/admin/users"), "X-Requested-With", "XMLHttpRequest",
                "Accept", "application/json");
        assertEquals(403, answer.statusCode());
        assertEquals("application/json;charset=utf-8",
                answer.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
        assertEquals("{\"error\":\"forbidden\"}", answer.body());
    }

    @Test
    void ruleWhenAnonymousNavigationThenSignInFirstAndTheRuleAfterwards() throws Exception {
        Browser bob = start(RULES);
        HttpResponse<String> toProvider = bob.navigate(app.url("/admin/users?tab=2"));
        assertEquals(302, toProvider.statusCode());
        assertTrue(Browser.location(toProvider).startsWith(provider.issuer() + "/authorize?"));
        HttpResponse<String> back = bob.submit(bob.signInAtProvider(toProvider, "bob", "bob-password"));
        assertEquals(303, back.statusCode());
        assertEquals("/app/admin/users?tab=2", Browser.location(back));
        assertForbiddenPage(bob.navigate(app.url("/admin/users?tab=2")));
    }

    @Test
    void ruleWhenAnonymousXhrThen401LoginRequiredAsWithoutRules() throws Exception {
        Browser anonymous = start(RULES);
        HttpResponse<String> answer = anonymous.get(app.url("/admin/users"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(401, answer.statusCode());
        assertEquals("{\"error\":\"login_required\"}", answer.body());
    }

    @Test
    void claimRuleWhenClaimHasTheValueThenPassesElse403() throws Exception {
        assertEquals(200, signedIn(RULES, "alice").navigate(app.url("/reports/q3")).statusCode());
        app.close();
        assertForbiddenPage(signedIn(RULES, "bob").navigate(app.url("/reports/q3")));
    }

    @Test
    void claimRuleWhenClaimNameIsAUrlThenItsArrayIsSearched() throws Exception {
        Browser bob = signedIn("/ops/*=claim:" + DevProvider.ROLES_CLAIM + "=user; /x/*=claim:"
                + DevProvider.ROLES_CLAIM + "=admin", "bob");
        assertEquals(200, bob.navigate(app.url("/ops/1")).statusCode());
        assertForbiddenPage(bob.navigate(app.url("/x/1")));
    }

    @Test
    void scopeRuleWhenTheLoginWasGrantedTheScopeThenPassesElse403() throws Exception {
        Browser alice = signedIn(RULES, "alice");
        assertEquals(200, alice.navigate(app.url("/profile/me")).statusCode());
        assertForbiddenPage(alice.navigate(app.url("/write/x")));
    }

    @Test
    void ruleWhenRawPathNotPlainThenEveryRuleMustHold() throws Exception {
        Browser bob = signedIn("/admin/*=role:admin; /*=authenticated", "bob");
        String cookies = bob.cookies().stream().map(HttpCookie::toString).collect(Collectors.joining("; "));
        Map<String, String> headers = Map.of("Accept", "text/html", "Cookie", cookies);
        assertEquals(200, RawHttp.get("127.0.0.1", app.port(), "/app/other", headers).status());
        // dispatched to /other, which needs only a signed-in user, but spelled with a dot segment: every rule applies
        RawHttp.Answer tricked = RawHttp.get("127.0.0.1", app.port(), "/app/admin/../other", headers);
        assertEquals(403, tricked.status(), tricked.headers());
        assertFalse(tricked.body().contains("dispatch="));
    }

    @Test
    void ruleWhenRawPathNotPlainAndEveryRuleHoldsThenServletRuns() throws Exception {
        Browser alice = signedIn("/admin/*=role:admin; /*=authenticated", "alice");
        String cookies = alice.cookies().stream().map(HttpCookie::toString).collect(Collectors.joining("; "));
        RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app/x/../admin/y",
                Map.of("Accept", "text/html", "Cookie", cookies));
        assertEquals(200, answer.status(), answer.headers());
        assertTrue(answer.body().contains("dispatch=/admin/y"), answer.body());
    }

    @ParameterizedTest(name = "lenient container: {0}")
    @ValueSource(booleans = {false, true})
    void ruleWhenRawPathTricksAimAtARuleThenServletNeverRunsThereWithoutTheRole(boolean lenient) throws Exception {
        Map<String, String> params = Map.of("roles-claim", DevProvider.ROLES_CLAIM,
                "access-rules", "/admin/*=role:admin; /*=authenticated");
        app = new FilterHarness(params, provider.environment(), java.time.Clock.systemUTC(), "/app",
                lenient ? org.eclipse.jetty.http.UriCompliance.UNSAFE : null);
        Browser bob = new Browser();
        bob.submit(bob.signInAtProvider(bob.navigate(app.url("/home")), "bob", "bob-password"));
        String cookies = bob.cookies().stream().map(HttpCookie::toString).collect(Collectors.joining("; "));
        List<String> tricks = new ArrayList<>(PathTricks.from("/home", "/admin/x"));
        tricks.addAll(PathTricks.spellings("/admin/x"));
        List<String> failures = new ArrayList<>();
        for (String trick : tricks) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), "/app" + trick,
                    Map.of("Accept", "text/html", "Cookie", cookies));
            if (answer.status() >= 500 || answer.status() < 0) {
                failures.add(trick + " -> " + answer.status());
            }
            String saw = answer.status() == 200 ? answer.body().lines().filter(l -> l.startsWith("dispatch="))
                    .findFirst().orElse("") : "";
            if (saw.startsWith("dispatch=/admin")) {
                failures.add(trick + " ran the servlet for bob at " + saw);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void initWhenRulesInvalidThenTheFilterDoesNotStartAndNamesEveryBadEntry() {
        OidcFilterCore filter = new OidcFilterCore(provider.environment()::get, java.time.Clock.systemUTC(),
                new java.security.SecureRandom());
        Map<String, String> params = Map.of("access-rules", "/a=role:; /b=nope; /c=authenticated");
        jakarta.servlet.FilterConfig config = new jakarta.servlet.FilterConfig() {
            public String getFilterName() { return "oidc"; }
            public jakarta.servlet.ServletContext getServletContext() { return null; }
            public String getInitParameter(String name) { return params.get(name); }
            public java.util.Enumeration<String> getInitParameterNames() {
                return java.util.Collections.enumeration(params.keySet());
            }
        };
        jakarta.servlet.ServletException e = org.junit.jupiter.api.Assertions.assertThrows(
                jakarta.servlet.ServletException.class, () -> filter.init(config));
        assertTrue(e.getMessage().contains("access-rules entry '/a=role:'")
                && e.getMessage().contains("access-rules entry '/b=nope'"), e.getMessage());
    }
}
