package dev.oidchybrid.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit as an application team uses it: registered on a static field, with the application started in
 * {@code @BeforeAll} from the system properties the kit set, and users logged in with a few words.
 */
class OidcTestKitTest {

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().setting("scope", "openid profile email").build();

    private static ProtectedApp app;

    @BeforeAll
    static void startApp(DevProvider provider) {
        app = ProtectedApp.start();
        assertEquals(provider.issuer(), app.issuer(), "the app was configured with the kit's provider");
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @AfterEach
    void resetFaults() {
        oidc.provider().faults().reset();
    }

    @Test
    void loggedInWhenUserWithRolesAndClaimsThenTheAppSeesThem() {
        TestUser carol = oidc.user("carol").roles("admin", "nurse").claim("email", "carol@example.com");

        LoggedInClient client = oidc.loggedIn(carol, app.url("/whoami"));

        assertEquals(200, client.landingPage().statusCode());
        assertEquals(app.url("/whoami"), client.landingPage().uri().toString());
        Map<String, Object> claims = json(client.landingPage().body());
        assertEquals("carol", claims.get("sub"));
        assertEquals(List.of("admin", "nurse"), claims.get(DevProvider.ROLES_CLAIM));
        assertEquals("carol@example.com", claims.get("email"));
    }

    @Test
    void loggedInWhenAppOnLocalhostThenTheSessionCookieIsKeptForThatHost() {
        LoggedInClient client = oidc.loggedIn(oidc.user("lou").roles("admin"), app.url("localhost", "/whoami"));

        assertEquals(app.url("localhost", "/whoami"), client.landingPage().uri().toString());
        assertEquals(200, client.landingPage().statusCode(), client.landingPage()::body);
        assertEquals(200, client.get("/admin").statusCode());
    }

    @Test
    void loggedInWhenRoleMissingThenTheAppAnswersForbiddenAfterTheLogin() {
        LoggedInClient admin = oidc.loggedIn(oidc.user("ann").roles("admin"), app.url("/admin"));
        LoggedInClient nurse = oidc.loggedIn(oidc.user("nina").roles("nurse"), app.url("/admin"));

        assertEquals(200, admin.landingPage().statusCode());
        assertEquals("admin page for ann", admin.landingPage().body());
        assertEquals(403, nurse.landingPage().statusCode());
    }

    @Test
    void loggedInWhenUserDefinedAgainWithOtherRolesThenNewRolesSameSubject() {
        oidc.loggedIn(oidc.user("erin").roles("admin"), app.url("/whoami"));

        LoggedInClient again = oidc.loggedIn(oidc.user("erin").roles("nurse"), app.url("/whoami"));

        Map<String, Object> claims = json(again.landingPage().body());
        assertEquals("erin", claims.get("sub"));
        assertEquals(List.of("nurse"), claims.get(DevProvider.ROLES_CLAIM));
    }

    @Test
    void loggedInWhenProviderUserThenLogsInAsThatUser() {
        LoggedInClient client = oidc.loggedIn(DemoUser.bob(), app.url("/whoami"));

        assertEquals("bob-0002", json(client.landingPage().body()).get("sub"));
    }

    @Test
    void providerWhenRunningThenKnowsAliceAndBob() {
        List<String> usernames = oidc.provider().users().stream().map(DemoUser::username).toList();

        assertTrue(usernames.containsAll(List.of("alice", "bob")), usernames::toString);
    }

    @Test
    void getWhenLoggedInThenSessionIsSentAndRelativeUrlsResolveAgainstTheStartUrl() {
        LoggedInClient client = oidc.loggedIn(oidc.user("carl").roles("admin"), app.url("/whoami"));

        HttpResponse<String> sibling = client.get("admin");
        HttpResponse<String> fromRoot = client.get("/whoami");
        HttpResponse<String> absolute = client.get(app.url("/admin"));

        assertEquals(200, sibling.statusCode());
        assertEquals("admin page for carl", sibling.body());
        assertEquals(200, fromRoot.statusCode());
        assertEquals(200, absolute.statusCode());
        assertTrue(client.cookies().stream().anyMatch(c -> c.getName().equals("app_session")), "session cookie");
    }

    @Test
    void getWhenHeadersGivenThenTheyReplaceTheNavigationDefaults() {
        LoggedInClient client = oidc.loggedIn(oidc.user("carl"), app.url("/whoami"));

        String defaults = client.get("/headers").body();
        String replaced = client.get("/headers", "Accept", "application/json", "X-Test", "1").body();

        assertEquals("text/html,application/xhtml+xml,*/*;q=0.8 | navigate | null", defaults);
        assertEquals("application/json | navigate | 1", replaced);
        assertThrows(IllegalArgumentException.class, () -> client.get("/headers", "Accept"));
    }

    @Test
    void postWhenFormGivenThenSentUrlEncodedWithTheSession() {
        LoggedInClient client = oidc.loggedIn(oidc.user("carl"), app.url("/whoami"));

        HttpResponse<String> echo = client.post("/echo", Map.of("note", "a&b c"));

        assertEquals(200, echo.statusCode());
        assertEquals("note=a%26b+c", echo.body());
    }

    @Test
    void loggedInWhenUrlNotProtectedThenAssertionErrorPointingAtTheConfiguration() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> oidc.loggedIn(oidc.user("carl"), app.url("/public")));

        assertTrue(e.getMessage().contains("answered 200") && e.getMessage().contains(oidc.issuer() + "/authorize")
                && e.getMessage().contains("oidc.issuer"), e.getMessage());
    }

    @Test
    void loggedInWhenTheAppsCallbackFailsThenAssertionErrorNamingItsAnswer() {
        oidc.provider().faults().tokenEndpointError(503, "temporarily_unavailable");

        AssertionError e = assertThrows(AssertionError.class,
                () -> oidc.loggedIn(oidc.user("carl"), app.url("/whoami")));

        assertTrue(e.getMessage().contains("/callback with 502"), e.getMessage());
    }

    @Test
    void webClientWhenLoggedInThenShowsTheStartPageAndKeepsTheSession() throws IOException {
        TestUser dora = oidc.user("dora").roles("admin").claim("email", "dora@example.com");

        try (WebClient browser = oidc.webClient(dora, app.url("/whoami"))) {
            Page shown = browser.getCurrentWindow().getEnclosedPage();
            assertEquals(app.url("/whoami"), shown.getUrl().toString());
            assertEquals("dora@example.com", json(shown.getWebResponse().getContentAsString()).get("email"));

            Page admin = browser.getPage(app.url("/admin"));
            assertEquals("admin page for dora", admin.getWebResponse().getContentAsString());
            assertTrue(browser.getOptions().isThrowExceptionOnFailingStatusCode(), "HtmlUnit's defaults are kept");
        }
    }

    @Test
    void webClientWhenAppOnLocalhostThenLoggedIn() throws IOException {
        try (WebClient browser = oidc.webClient(oidc.user("lou").roles("admin"), app.url("localhost", "/admin"))) {
            Page shown = browser.getCurrentWindow().getEnclosedPage();

            assertEquals("admin page for lou", shown.getWebResponse().getContentAsString());
        }
    }

    @Test
    void webClientWhenTheAppsCallbackFailsThenAssertionError() {
        oidc.provider().faults().tokenEndpointError(503, "temporarily_unavailable");

        AssertionError e = assertThrows(AssertionError.class, () -> oidc.webClient(oidc.user("carl"), app.url("/whoami")));

        assertTrue(e.getMessage().contains("/callback with 502"), e.getMessage());
    }

    @Test
    void webClientWhenUrlNotProtectedThenAssertionError() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> oidc.webClient(DemoUser.alice(), app.url("/public")));

        assertTrue(e.getMessage().contains("instead of the provider's login page"), e.getMessage());
    }

    @Test
    void systemPropertiesWhenRunningThenOnlyWhatATestNeedsAndTheSettingsAskedFor() {
        assertEquals(oidc.issuer(), System.getProperty("oidc.issuer"));
        assertEquals(DevProvider.DEMO_CLIENT_ID, System.getProperty("oidc.client-id"));
        assertEquals(DevProvider.DEMO_CLIENT_SECRET, System.getProperty("oidc.client-secret"));
        assertTrue(System.getProperty("oidc.cookie-keys").length() >= 32, "a cookie key the filter accepts");
        assertNull(System.getProperty("oidc.roles-claim"), "the application's own roles claim is under test");
        assertEquals("openid profile email", System.getProperty("oidc.scope"));
        assertEquals(List.of("oidc.issuer", "oidc.client-id", "oidc.client-secret", "oidc.cookie-keys", "oidc.scope"),
                List.copyOf(oidc.systemProperties().keySet()));
    }

    @Test
    void loggedInWhenTheAppReadsAnotherRolesClaimThenItsAdminPageStaysForbidden() {
        try (ProtectedApp misconfigured = ProtectedApp.start("groups")) {
            LoggedInClient ann = oidc.loggedIn(oidc.user("ann").roles("admin"), misconfigured.url("/admin"));

            assertEquals(403, ann.landingPage().statusCode(), "the kit must not mask the app's wrong roles claim");
        }
    }

    @Test
    void anonymousWhenNavigateThenRedirectedToTheProvidersAuthorizationEndpoint() {
        HttpResponse<String> page = oidc.anonymous().navigate(app.url("/whoami"));

        assertEquals(302, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElse("").startsWith(oidc.issuer() + "/authorize"),
                page.headers().map()::toString);
    }

    @Test
    void anonymousWhenFetchThen401WithoutRedirect() {
        assertEquals(401, oidc.anonymous().fetch(app.url("/whoami")).statusCode());
    }

    @Test
    void anonymousWhenRequestsSentThenBrowserNavigationFetchOrOnlyTheGivenHeaders() {
        AnonymousClient browser = oidc.anonymous();

        assertEquals("text/html,application/xhtml+xml,*/*;q=0.8 | navigate | document | null",
                browser.navigate(app.url("/public/headers")).body());
        assertEquals("*/* | cors | empty | same-origin", browser.fetch(app.url("/public/headers")).body());
        assertEquals("null | null | null | null", browser.get(app.url("/public/headers")).body());
        assertEquals("*/* | null | null | null", browser.get(app.url("/public/headers"), "Accept", "*/*").body());
        assertEquals("application/json | navigate | document | null",
                browser.navigate(app.url("/public/headers"), "Accept", "application/json").body());
    }

    @Test
    void anonymousWhenRelativeUrlWithoutLoginUrlThenIllegalArgumentNamingLoginUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> oidc.anonymous().navigate("/whoami"));

        assertTrue(e.getMessage().contains("loginUrl"), e.getMessage());
    }

    @Test
    void fetchWhenLoggedInThenScriptHeadersWithTheSession() {
        LoggedInClient client = oidc.loggedIn(oidc.user("carl"), app.url("/whoami"));

        HttpResponse<String> fetched = client.fetch("/headers");

        assertEquals(200, fetched.statusCode());
        assertEquals("*/* | cors | null", fetched.body());
    }

    @Test
    void parameterWhenDevProviderThenTheRunningProvider(DevProvider provider) {
        assertSame(oidc.provider(), provider);
    }

    @Test
    void registerWhenSubjectOfAnotherUserThenIllegalArgument() {
        TestUser impostor = oidc.user("mallory").subject("alice-0001");

        assertThrows(IllegalArgumentException.class, () -> oidc.register(impostor));
        assertFalse(oidc.provider().users().stream().anyMatch(u -> u.username().equals("mallory")));
    }

    @Test
    void registerWhenCalledThenTheProviderKnowsTheUserWithRolesInTheRolesClaim() {
        DemoUser registered = oidc.register(oidc.user("gus").roles("auditor"));

        assertTrue(oidc.provider().users().contains(registered));
        assertEquals(List.of("auditor"), registered.claims().get(DevProvider.ROLES_CLAIM));
        assertEquals("gus-password", registered.password());
    }

    static Map<String, Object> json(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
