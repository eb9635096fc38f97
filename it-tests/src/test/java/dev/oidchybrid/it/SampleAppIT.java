package dev.oidchybrid.it;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import dev.oidchybrid.testkit.junit.LoggedInClient;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import dev.oidchybrid.testkit.junit.TestUser;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample application's contract, on the WAR as built (default response type): public and protected
 * pages, the request wrapper (principal, auth type, roles), the 401 for script requests, and the login
 * failures a user can cause at the provider. Logins go through the test kit (its java.net.http client and its
 * HtmlUnit WebClient) unless a test drives the provider's login page itself.
 */
@RunAsClient
class SampleAppIT {

    /** First: the provider runs and the filter's system properties are set before Arquillian deploys. */
    @RegisterExtension
    @Order(1)
    static final OidcTestKit oidc = ItOidc.kit();

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension arquillian = new ArquillianExtension();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Deployment(testable = false)
    static WebArchive sample() {
        return SampleWar.copy("sample.war");
    }

    @ArquillianResource
    private URL base;

    @org.junit.jupiter.api.BeforeEach
    void onLocalhost() {
        base = ItOidc.onLocalhost(base);
    }

    @Test
    void publicHelloWhenNoSessionThenHelloAnonymous() throws Exception {
        HttpResponse<String> response = get("public/hello", Map.of());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals("hello anonymous", response.body());
    }

    @Test
    void homeWhenNoSessionThenPublicPageWithSignInLinkAndNoLogin() throws Exception {
        HttpResponse<String> response = get("", Map.of("Accept", "text/html", "Sec-Fetch-Mode", "navigate"));

        assertEquals(200, response.statusCode(), response.headers().map().toString());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains("You are not signed in"), response.body());
        assertTrue(response.body().contains("href=\"sign-in\""), response.body());
        for (String page : new String[] {"profile", "hello", "api-demo", "admin", "logout-everywhere"}) {
            assertTrue(response.body().contains("href=\"" + page + "\""), page);
        }
    }

    @Test
    void homeWhenSignInLinkFollowedThenLoginAndBackHomeShowingUserClaimsRolesAndTokens() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            HtmlPage home = (HtmlPage) browser.open(base.toString());
            home.getAnchorByText("Sign in").click();
            Page signedIn = browser.logIn("alice", "alice-password");

            assertEquals(base.toString(), signedIn.getUrl().toString());
            String body = signedIn.getWebResponse().getContentAsString();
            assertTrue(body.contains("Signed in as <strong>alice-0001</strong>"), body);
            assertTrue(body.contains("<th>roles</th><td>admin, user</td>"), body);
            assertTrue(body.contains("<th>sub</th><td>alice-0001</td>"), body);
            // the tests ask for no offline_access
            assertTrue(body.contains("<th>refresh token</th><td>none</td>"), body);
            assertTrue(body.contains("<th>access token</th><td>expires "), body);
        }
    }

    @Test
    void homeWhenAClaimHoldsMarkupThenItIsEscaped() {
        TestUser mallory = oidc.user("mallory").claim("name", "<img src=x onerror=alert(1)>");
        LoggedInClient client = oidc.loggedIn(mallory, base + "sign-in");
        assertEquals(302, client.landingPage().statusCode(), "sign-in sends the browser home");

        HttpResponse<String> home = client.get("");

        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("&lt;img src=x onerror=alert(1)&gt;"), home.body());
        assertFalse(home.body().contains("<img"), home.body());
    }

    @Test
    void logoutWhenSignedInThenEndsOnTheAppsSignedOutPageAndSignInAgainWorks() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(base + "sign-in");
            HtmlPage home = (HtmlPage) browser.logIn("alice", "alice-password");

            Page signedOut = home.getAnchorByText("Sign out").click();

            assertEquals(base + "signed-out", signedOut.getUrl().toString(),
                    "the filter's post-logout-path, after the provider's end_session");
            String body = signedOut.getWebResponse().getContentAsString();
            assertTrue(body.contains("You are signed out"), body);
            assertTrue(browser.fetch(base + "whoami").getStatusCode() == 401, "no session after the logout");
            // the provider's session ended too: signing in again asks for the password
            ((HtmlPage) signedOut).getAnchorByText("Sign in again").click();
            assertTrue(browser.onLoginPage(), "expected the provider's login page, got " + browser.current().getUrl());
            assertEquals(base.toString(), browser.logIn("alice", "alice-password").getUrl().toString());
        }
    }

    @Test
    void helloWhenLoggedInThenHelloSubject() {
        LoggedInClient alice = oidc.loggedIn(DemoUser.alice(), base + "hello");
        HttpResponse<String> page = alice.landingPage();

        assertEquals(base + "hello", page.uri().toString());
        assertEquals(200, page.statusCode());
        assertEquals("hello alice-0001", page.body());
    }

    @Test
    void apiDemoWhenLoggedInThenCallsTheBearerProtectedApiWithTheSessionsToken() {
        try (WebClient browser = oidc.webClient(DemoUser.alice(), base + "api-demo")) {
            Page page = browser.getCurrentWindow().getEnclosedPage();

            assertEquals(base + "api-demo", page.getUrl().toString());
            assertEquals(200, page.getWebResponse().getStatusCode());
            String body = page.getWebResponse().getContentAsString();
            assertTrue(body.contains("/api/appointments with the session's access token"), () -> "no API call in:\n" + body);
            assertTrue(body.contains("HTTP 200"), () -> "the API call failed:\n" + body);
            assertTrue(body.contains("\"owner\":\"alice-0001\"") && body.contains("\"authType\":\"Bearer\"")
                    && body.contains("read:appointments"), () -> "no appointments in:\n" + body);
        }
    }

    @Test
    void apiWhenCalledWithoutATokenThen401BearerChallengeAndNoRedirect() throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/appointments"))
                        .header("Accept", "text/html").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, answer.statusCode());
        assertEquals("Bearer realm=\"appointments:api\"", answer.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(answer.headers().firstValue("Location").isEmpty());
    }

    @Test
    void adminWhenAliceThenTheContainersConstraintLetsTheAdminIn() {
        LoggedInClient alice = oidc.loggedIn(DemoUser.alice(), base + "admin");
        HttpResponse<String> page = alice.landingPage();

        assertEquals(base + "admin", page.uri().toString());
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("admin alice-0001 isUserInRole(admin)=true", page.body());
    }

    @Test
    void adminWhenBobThenTheContainerAnswers403() {
        LoggedInClient bob = oidc.loggedIn(DemoUser.bob(), base + "hello");
        assertEquals(200, bob.landingPage().statusCode());

        HttpResponse<String> admin = bob.get("admin");

        assertEquals(403, admin.statusCode(), admin.body());
        assertFalse(admin.body().contains("isUserInRole"), "the servlet ran for bob");
    }

    @Test
    void adminWhenAnonymousNavigationThenLoginAtTheProvider() throws Exception {
        HttpResponse<String> response = get("admin", Map.of("Accept", "text/html", "Sec-Fetch-Mode", "navigate"));

        assertEquals(302, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Location").orElse("").startsWith(oidc.issuer()),
                response.headers().firstValue("Location").orElse("(none)"));
    }

    @Test
    void adminWhenScriptRequestWithoutSessionThen401() throws Exception {
        HttpResponse<String> response = get("admin",
                Map.of("Accept", "application/json", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"));

        assertEquals(401, response.statusCode(), response.body());
        assertFalse(response.body().contains("isUserInRole"));
    }

    @Test
    void whoamiWhenAliceThenPrincipalAuthTypeAndAdminRole() {
        Map<String, Object> whoami = whoamiAfterLogin(DemoUser.alice());

        assertEquals("alice-0001", whoami.get("principal"));
        assertEquals("alice-0001", whoami.get("remote_user"));
        assertEquals("OIDC", whoami.get("auth_type"));
        assertEquals(Map.of("admin", true, "user", true), whoami.get("roles"));
    }

    @Test
    void whoamiWhenBobThenUserRoleOnly() {
        Map<String, Object> whoami = whoamiAfterLogin(DemoUser.bob());

        assertEquals("bob-0002", whoami.get("principal"));
        assertEquals("OIDC", whoami.get("auth_type"));
        assertEquals(Map.of("admin", false, "user", true), whoami.get("roles"));
    }

    @Test
    void whoamiWhenTestUserWithRolesThenPrincipalIsItsSubjectAndRolesComeFromTheRolesClaim() {
        TestUser carol = oidc.user("carol").roles("admin", "nurse").claim("email", "carol@example.com");

        LoggedInClient client = oidc.loggedIn(carol, base + "whoami");
        Map<String, Object> whoami = Json.object(client.landingPage().body());
        Map<String, Object> profile = Json.object(client.get("profile").body());

        assertEquals("carol", whoami.get("principal"));
        assertEquals(Map.of("admin", true, "user", false), whoami.get("roles"));
        assertEquals("carol@example.com", profile.get("email"));
    }

    @Test
    void profileWhenScriptRequestWithoutSessionThen401NotRedirect() throws Exception {
        HttpResponse<String> response = get("profile",
                Map.of("Accept", "application/json", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"));

        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent(), "no WWW-Authenticate header");
        assertFalse(response.headers().firstValue("Location").isPresent(), "a 401 must not redirect");
    }

    @Test
    void loginWhenWrongPasswordThenStaysAtProviderWithoutSession() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(base + "whoami");
            Page page = browser.logIn("alice", "not-alice-password");

            assertTrue(page.getUrl().toString().startsWith(oidc.issuer()),
                    () -> "left the provider: " + page.getUrl());
            assertTrue(browser.onLoginPage(), "the login page is shown again");
            assertNotNull(((HtmlPage) page).getElementById("message"), "the login page shows an error message");

            WebResponse probe = browser.fetch(base + "whoami");
            assertEquals(401, probe.getStatusCode(), "the application has no session for this browser");
        }
    }

    @Test
    void loginWhenCancelledAtProviderThen4xxPageNamingAccessDenied() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(base + "profile");
            Page page = browser.cancelLogin();

            assertTrue(page.getUrl().toString().startsWith(base.toString()),
                    () -> "expected the application's answer to the callback, got " + page.getUrl());
            int status = page.getWebResponse().getStatusCode();
            assertTrue(status >= 400 && status < 500, () -> "expected a 4xx answer, got " + status);
            assertTrue(page.getWebResponse().getContentAsString().contains("access_denied"),
                    () -> "the error page does not mention access_denied:\n"
                            + page.getWebResponse().getContentAsString());

            WebResponse probe = browser.fetch(base + "whoami");
            assertEquals(401, probe.getStatusCode(), "the application has no session for this browser");
        }
    }

    private Map<String, Object> whoamiAfterLogin(DemoUser user) {
        HttpResponse<String> page = oidc.loggedIn(user, base + "whoami").landingPage();

        assertEquals(base + "whoami", page.uri().toString());
        assertEquals(200, page.statusCode());
        return Json.object(page.body());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
