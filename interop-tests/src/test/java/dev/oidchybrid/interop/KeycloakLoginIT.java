package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Login against a real Keycloak (see {@link KeycloakServer}; in every build, left out with
 * {@code -Dkeycloak.skip=true}) with the provider recipe of {@code docs/PROVIDERS.md}: a confidential client with
 * implicit flow on for the hybrid response type, PKCE S256 required, {@code roles-claim=realm_access.roles} and
 * {@code principal-claim=preferred_username}. HtmlUnit fills in Keycloak's own login page ({@code kc-form-login})
 * and runs its form_post page. One sample app per response type ({@code code id_token}, {@code code}). As in
 * {@link NodeProviderLoginIT}, Keycloak is on {@code http://localhost:<port>} and the apps on
 * {@code https://127.0.0.1:<port>}, so every callback is cross-site (Keycloak's own cookies are {@code Secure}
 * even over http, which a browser accepts on {@code localhost}, see {@link KeycloakServer}).
 */
class KeycloakLoginIT {

    private static final List<String> RESPONSE_TYPES = List.of("code id_token", "code");
    private static final String PROTECTED_PATH = "profile?x=1&y=two";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private static KeycloakServer keycloak;
    private static final Map<String, SampleApp> APPS = new LinkedHashMap<>();

    /** Apps of the PAR client: one that pushes ({@code par=true}) and one that must be refused ({@code par=false}). */
    private static final String PAR_APP = "par";
    private static final String NO_PAR_APP = "no-par";

    @BeforeAll
    static void start() throws Exception {
        assumeFalse(Boolean.getBoolean("interop.keycloak.skip"), "-Dkeycloak.skip=true");
        Map<String, Integer> ports = new LinkedHashMap<>();
        RESPONSE_TYPES.forEach(type -> ports.put(type, FreePorts.next()));
        ports.put(PAR_APP, FreePorts.next());
        ports.put(NO_PAR_APP, FreePorts.next());
        List<String> redirectUris = new ArrayList<>();
        List<String> postLogoutRedirectUris = new ArrayList<>();
        ports.values().forEach(port -> {
            redirectUris.add(SampleApp.callbackUrl("https", "127.0.0.1", port));
            postLogoutRedirectUris.add("https://127.0.0.1:" + port + "/logout");
        });
        keycloak = KeycloakServer.start("localhost", FreePorts.next(), redirectUris, postLogoutRedirectUris);
        for (String type : RESPONSE_TYPES) {
            APPS.put(type, app("keycloak-" + type.replace(' ', '-'), ports.get(type), KeycloakServer.CLIENT_ID, type)
                    .start());
        }
        APPS.put(PAR_APP, app("keycloak-par", ports.get(PAR_APP), KeycloakServer.PAR_CLIENT_ID, "code")
                .param("par", "true").start());
        APPS.put(NO_PAR_APP, app("keycloak-no-par", ports.get(NO_PAR_APP), KeycloakServer.PAR_CLIENT_ID, "code")
                .param("par", "false").start());
    }

    private static SampleApp.Builder app(String name, int port, String clientId, String responseType) {
        return SampleApp.https(name, "127.0.0.1", port)
                .param("issuer", keycloak.issuer())
                .param("client-id", clientId)
                .param("client-secret", KeycloakServer.CLIENT_SECRET)
                .param("response-type", responseType)
                .param("roles-claim", KeycloakServer.ROLES_CLAIM)
                .param("principal-claim", "preferred_username");
    }

    @AfterAll
    static void stop() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(APPS.values());
        all.add(keycloak);
        APPS.clear();
        Closer.closeAll(all.toArray(AutoCloseable[]::new));
    }

    @ParameterizedTest(name = "response_type={0}")
    @ValueSource(strings = {"code id_token", "code"})
    void loginThroughKeycloaksLoginPageReturnsToTheOriginalUrlWithClaimsAndRoles(String responseType)
            throws Exception {
        SampleApp app = APPS.get(responseType);
        String original = app.url(PROTECTED_PATH);
        try (HtmlUnitBrowser browser = TestWebClients.browser()) {
            RecordedRequests requests = RecordedRequests.of(browser.webClient());
            browser.open(original);
            assertTrue(onKeycloakLoginPage(browser), () -> "expected Keycloak's login page, got "
                    + browser.current().getUrl() + ":\n" + browser.current().getWebResponse().getContentAsString()
                    + "\nKeycloak log:\n" + keycloak.output());

            Map<String, String> authorization = requests.firstTo(
                    keycloak.issuer() + "/protocol/openid-connect/auth?");
            assertEquals(responseType, authorization.get("response_type"), () -> "request: " + authorization);
            assertEquals("form_post", authorization.get("response_mode"));
            assertEquals("S256", authorization.get("code_challenge_method"));
            assertNotNull(authorization.get("code_challenge"));
            assertEquals(KeycloakServer.CLIENT_ID, authorization.get("client_id"));
            assertEquals(app.url("callback"), authorization.get("redirect_uri"));

            Page landed = logInAtKeycloak(browser, KeycloakServer.USERNAME, KeycloakServer.PASSWORD, app.baseUrl());

            // what Keycloak posted to the callback: the parts the response type promises, and RFC 9207 iss
            Map<String, String> callback = requests.firstTo(app.url("callback"));
            List<String> parts = Arrays.asList(responseType.split(" "));
            assertEquals("POST", callback.get("(method)"));
            assertNotNull(callback.get("code"), () -> "callback: " + callback.keySet());
            assertEquals(parts.contains("id_token"), callback.containsKey("id_token"), () -> "callback: " + callback.keySet());
            assertFalse(callback.containsKey("access_token"), () -> "callback: " + callback.keySet());
            assertEquals(keycloak.issuer(), callback.get("iss"), "RFC 9207 iss response parameter");

            assertEquals(original, landed.getUrl().toString(), () -> "landed on:\n"
                    + landed.getWebResponse().getContentAsString() + "\nKeycloak log:\n" + keycloak.output());
            assertEquals(200, landed.getWebResponse().getStatusCode());
            assertEquals("application/json", landed.getWebResponse().getContentType());
            Map<String, Object> profile = Json.object(landed.getWebResponse().getContentAsString());
            assertTrue(profile.get("sub") instanceof String sub && !sub.isBlank(), () -> "profile: " + profile);
            assertEquals(keycloak.issuer(), profile.get("iss"));
            assertEquals(KeycloakServer.CLIENT_ID, profile.get("azp"));
            assertEquals(KeycloakServer.USERNAME, profile.get("preferred_username"));
            assertEquals(KeycloakServer.EMAIL, profile.get("email"));
            assertEquals(true, profile.get("access_token_present"), () -> "profile: " + profile);

            // isUserInRole() from realm_access.roles (the client's realm roles mapper, "Add to ID token" on)
            Page whoami = browser.open(app.url("whoami"));
            assertEquals(200, whoami.getWebResponse().getStatusCode());
            Map<String, Object> me = Json.object(whoami.getWebResponse().getContentAsString());
            assertEquals(KeycloakServer.USERNAME, me.get("principal"), () -> "whoami: " + me);
            assertEquals("OIDC", me.get("auth_type"), () -> "whoami: " + me);
            assertEquals(Map.of("admin", true, "user", false), me.get("roles"), () -> "whoami: " + me);
        }
    }

    /** The PAR client: the browser carries only client_id and request_uri, and the login completes. */
    @Test
    void parRequiredClientLogsInWithAPushedAuthorizationRequest() throws Exception {
        SampleApp app = APPS.get(PAR_APP);
        String original = app.url(PROTECTED_PATH);
        try (HtmlUnitBrowser browser = TestWebClients.browser()) {
            RecordedRequests requests = RecordedRequests.of(browser.webClient());
            browser.open(original);
            assertTrue(onKeycloakLoginPage(browser), () -> "expected Keycloak's login page, got "
                    + browser.current().getUrl() + ":\n" + browser.current().getWebResponse().getContentAsString()
                    + "\nKeycloak log:\n" + keycloak.output());
            Map<String, String> authorization = requests.firstTo(
                    keycloak.issuer() + "/protocol/openid-connect/auth?");
            assertEquals(Set.of("(method)", "client_id", "request_uri"), authorization.keySet(),
                    () -> "request: " + authorization);
            assertEquals(KeycloakServer.PAR_CLIENT_ID, authorization.get("client_id"));
            assertTrue(authorization.get("request_uri").startsWith("urn:ietf:params:oauth:request_uri:"),
                    () -> "request: " + authorization);

            Page landed = logInAtKeycloak(browser, KeycloakServer.USERNAME, KeycloakServer.PASSWORD, app.baseUrl());
            assertEquals(original, landed.getUrl().toString(), () -> "landed on:\n"
                    + landed.getWebResponse().getContentAsString() + "\nKeycloak log:\n" + keycloak.output());
            assertEquals(200, landed.getWebResponse().getStatusCode());
            Map<String, Object> profile = Json.object(landed.getWebResponse().getContentAsString());
            assertEquals(KeycloakServer.PAR_CLIENT_ID, profile.get("azp"), () -> "profile: " + profile);
            assertEquals(KeycloakServer.USERNAME, profile.get("preferred_username"));
        }
    }

    /**
     * Negative control: the same client without PAR is refused by Keycloak ("Pushed Authorization Request is only
     * allowed"), which posts {@code error=invalid_request} back to the app; so the test above proves the push.
     */
    @Test
    void parRequiredClientWithoutPushIsRefusedByKeycloak() throws Exception {
        SampleApp app = APPS.get(NO_PAR_APP);
        try (HtmlUnitBrowser browser = TestWebClients.browser()) {
            RecordedRequests requests = RecordedRequests.of(browser.webClient());
            browser.open(app.url(PROTECTED_PATH));
            browser.webClient().waitForBackgroundJavaScript(2_000);
            Page shown = browser.current();
            String body = shown.getWebResponse().getContentAsString();
            assertFalse(onKeycloakLoginPage(browser), () -> "Keycloak showed its login page without PAR");
            assertTrue(shown.getUrl().toString().startsWith(app.baseUrl()), () -> "expected the app's error page, got "
                    + shown.getUrl() + ":\n" + body + "\nKeycloak log:\n" + keycloak.output());
            Map<String, String> callback = requests.firstTo(app.url("callback"));
            assertEquals("invalid_request", callback.get("error"), () -> "callback: " + callback);
            assertEquals(400, shown.getWebResponse().getStatusCode(), () -> "app answered:\n" + body);
        }
    }

    private static boolean onKeycloakLoginPage(HtmlUnitBrowser browser) {
        return browser.current() instanceof HtmlPage page && page.getElementById("kc-form-login") != null;
    }

    /**
     * Fills in Keycloak's login form ({@code kc-form-login}: {@code username}, {@code password}, button
     * {@code kc-login}), submits it, and waits until Keycloak's form_post page has posted to the app and the
     * browser shows a page of {@code appBaseUrl}.
     */
    private static Page logInAtKeycloak(HtmlUnitBrowser browser, String username, String password, String appBaseUrl)
            throws IOException {
        HtmlPage page = (HtmlPage) browser.current();
        DomElement form = page.getElementById("kc-form-login");
        ((HtmlInput) form.querySelector("input[name='username']")).setValue(username);
        ((HtmlInput) form.querySelector("input[name='password']")).setValue(password);
        DomElement button = page.getElementById("kc-login");
        if (!(button instanceof HtmlElement element)) {
            throw new AssertionError("no kc-login button on " + page.getUrl() + ":\n" + page.asXml());
        }
        element.click();

        WebClient client = page.getEnclosingWindow().getWebClient();
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (true) {
            client.waitForBackgroundJavaScript(50);
            Page current = browser.current();
            if (current.getUrl().toString().startsWith(appBaseUrl)) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the browser did not reach " + appBaseUrl + " within " + SETTLE_TIMEOUT
                        + "; it shows " + current.getUrl() + ":\n" + current.getWebResponse().getContentAsString()
                        + "\nKeycloak log:\n" + keycloak.output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
