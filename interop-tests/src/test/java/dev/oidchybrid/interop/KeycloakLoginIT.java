package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
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
import java.net.URL;
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
    /**
     * Apps of the high-security client (private_key_jwt with {@link #clientKeys}, PAR from discovery, DPoP,
     * UserInfo): one as the sample contract's high-security runs are, and one with {@code dpop=false}.
     */
    private static final String HIGH_SECURITY_APP = "high-security";
    private static final String HIGH_SECURITY_NO_DPOP_APP = "high-security-no-dpop";
    private static final String POST_LOGOUT_PATH = "/public/index.html";
    private static ClientKeys clientKeys;

    @BeforeAll
    static void start() throws Exception {
        assumeFalse(Boolean.getBoolean("interop.keycloak.skip"), "-Dkeycloak.skip=true");
        Map<String, Integer> ports = new LinkedHashMap<>();
        RESPONSE_TYPES.forEach(type -> ports.put(type, FreePorts.next()));
        ports.put(PAR_APP, FreePorts.next());
        ports.put(NO_PAR_APP, FreePorts.next());
        ports.put(HIGH_SECURITY_APP, FreePorts.next());
        ports.put(HIGH_SECURITY_NO_DPOP_APP, FreePorts.next());
        clientKeys = ClientKeys.es256();
        List<String> redirectUris = new ArrayList<>();
        List<String> postLogoutRedirectUris = new ArrayList<>();
        ports.values().forEach(port -> {
            redirectUris.add(SampleApp.callbackUrl("https", "127.0.0.1", port));
            postLogoutRedirectUris.add("https://127.0.0.1:" + port + "/logout");
        });
        keycloak = KeycloakServer.start("localhost", FreePorts.next(), redirectUris, postLogoutRedirectUris,
                clientKeys.publicJwks());
        for (String type : RESPONSE_TYPES) {
            APPS.put(type, app("keycloak-" + type.replace(' ', '-'), ports.get(type), KeycloakServer.CLIENT_ID, type)
                    .start());
        }
        APPS.put(PAR_APP, app("keycloak-par", ports.get(PAR_APP), KeycloakServer.PAR_CLIENT_ID, "code")
                .param("par", "true").start());
        APPS.put(NO_PAR_APP, app("keycloak-no-par", ports.get(NO_PAR_APP), KeycloakServer.PAR_CLIENT_ID, "code")
                .param("par", "false").start());
        APPS.put(HIGH_SECURITY_APP, highSecurityApp("keycloak-high-security", ports.get(HIGH_SECURITY_APP))
                .param("dpop", "true").start());
        APPS.put(HIGH_SECURITY_NO_DPOP_APP, highSecurityApp("keycloak-high-security-no-dpop",
                ports.get(HIGH_SECURITY_NO_DPOP_APP)).param("dpop", "false").start());
    }

    /**
     * The sample contract's high-security settings (no client-secret); dpop set by the caller. Two settings more
     * than the contract's, both for Keycloak 26.7.3: {@code response-type=code}, since Keycloak refuses the hybrid
     * default for a client with DPoP-bound tokens ("DPoP is not supported for implicit nor hybrid flows"), and
     * {@code par=true}, since Keycloak requires PAR per client only and its discovery always says
     * {@code require_pushed_authorization_requests: false} (so {@code par=auto} would not push).
     */
    private static SampleApp.Builder highSecurityApp(String name, int port) {
        return SampleApp.https(name, "127.0.0.1", port)
                .param("issuer", keycloak.issuer())
                .param("client-id", KeycloakServer.HIGH_SECURITY_CLIENT_ID)
                .param("response-type", "code")
                .param("par", "true")
                .param("client-auth", "private_key_jwt")
                .param("client-key", clientKeys.privateKeyPem())
                .param("userinfo", "true")
                .param("roles-claim", KeycloakServer.ROLES_CLAIM)
                .param("principal-claim", "preferred_username")
                // due 5 s after the login with Keycloak's 10 s access tokens for this client
                .param("refresh-before-expiry", Integer.toString(KeycloakServer.HIGH_SECURITY_ACCESS_TOKEN_SECONDS / 2))
                .param("post-logout-path", POST_LOGOUT_PATH);
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

    /**
     * Issue 14's high-security client at Keycloak: the authorization request is pushed, the client authenticates by {@code private_key_jwt} alone (it has no secret at Keycloak),
     * the tokens are DPoP-bound (with {@code dpop=true} the filter refuses any other {@code token_type}, and
     * {@link #highSecurityClientWithoutDpopIsRefusedByKeycloak} shows that Keycloak insists on the proof), UserInfo
     * answers with the DPoP-bound token (its only-in-UserInfo claim is in the profile), and once the refresh is due a
     * page request is answered directly (no redirect, no new login: same {@code auth_time}) with a new ID token and
     * UserInfo called again: the refresh with a DPoP proof worked.
     */
    @Test
    void highSecurityClientLogsInWithParPrivateKeyJwtAndDpopAndRefreshesWithDpop() throws Exception {
        SampleApp app = APPS.get(HIGH_SECURITY_APP);
        String original = app.url(PROTECTED_PATH);
        try (HtmlUnitBrowser browser = TestWebClients.browser(); FilterLog log = new FilterLog()) {
            RecordedRequests requests = RecordedRequests.of(browser.webClient());
            browser.open(original);
            assertTrue(onKeycloakLoginPage(browser), () -> "expected Keycloak's login page, got "
                    + browser.current().getUrl() + ":\n" + browser.current().getWebResponse().getContentAsString()
                    + "\nfilter log: " + log.lines() + "\nKeycloak log:\n" + keycloak.output());
            Map<String, String> authorization = requests.firstTo(
                    keycloak.issuer() + "/protocol/openid-connect/auth?");
            assertEquals(Set.of("(method)", "client_id", "request_uri"), authorization.keySet(),
                    () -> "request: " + authorization);
            assertEquals(KeycloakServer.HIGH_SECURITY_CLIENT_ID, authorization.get("client_id"));

            Page landed = logInAtKeycloak(browser, KeycloakServer.USERNAME, KeycloakServer.PASSWORD, app.baseUrl());
            assertEquals(original, landed.getUrl().toString(), () -> "landed on " + landed.getUrl() + " ("
                    + landed.getWebResponse().getStatusCode() + "):\n" + landed.getWebResponse().getContentAsString()
                    + "\nfilter log: " + log.lines() + "\nKeycloak log:\n" + keycloak.output());
            Map<String, Object> first = Json.object(landed.getWebResponse().getContentAsString());
            assertEquals(KeycloakServer.HIGH_SECURITY_CLIENT_ID, first.get("azp"), () -> "profile: " + first);
            assertEquals(KeycloakServer.USERNAME, first.get("preferred_username"));
            assertEquals(true, first.get("access_token_present"), () -> "profile: " + first);
            assertEquals(KeycloakServer.USERINFO_ONLY_VALUE, first.get(KeycloakServer.USERINFO_ONLY_CLAIM),
                    () -> "UserInfo's claim missing: " + first);

            Duration lifespan = Duration.ofSeconds(KeycloakServer.HIGH_SECURITY_ACCESS_TOKEN_SECONDS);
            Instant deadline = Instant.now().plus(lifespan).plusSeconds(5);
            Map<String, Object> refreshed;
            while (true) {
                Thread.sleep(500);
                WebResponse response = probe(browser, app.url("profile"));
                assertEquals(200, response.getStatusCode(), () -> "the session did not go on: "
                        + response.getStatusCode() + " " + response.getResponseHeaderValue("Location")
                        + "\nfilter log: " + log.lines() + "\nKeycloak log:\n" + keycloak.output());
                refreshed = Json.object(response.getContentAsString());
                if (((Number) refreshed.get("iat")).longValue() > ((Number) first.get("iat")).longValue()) {
                    break;
                }
                assertTrue(Instant.now().isBefore(deadline), () -> "no refresh within " + lifespan.plusSeconds(5)
                        + "\nfilter log: " + log.lines());
            }
            assertEquals(first.get("auth_time"), refreshed.get("auth_time"), "the same login");
            assertEquals(first.get("sid"), refreshed.get("sid"), "the same Keycloak session");
            assertEquals(KeycloakServer.USERINFO_ONLY_VALUE, refreshed.get(KeycloakServer.USERINFO_ONLY_CLAIM));
            // nothing went wrong on the way (the start-up lines of the apps are no concern here)
            assertFalse(log.lines().stream().anyMatch(line -> (line.startsWith("WARNING") || line.startsWith("SEVERE"))
                    && !line.contains("self-check") && !line.contains("base-url is not set")),
                    () -> "filter log: " + log.lines());
        }
    }

    /**
     * RP-initiated logout of the high-security session: Keycloak's end_session endpoint with the ID token hint,
     * back to the app's post-logout path; afterwards neither the app nor Keycloak has a session.
     */
    @Test
    void highSecurityClientLogsOutAtKeycloak() throws Exception {
        SampleApp app = APPS.get(HIGH_SECURITY_APP);
        try (HtmlUnitBrowser browser = TestWebClients.browser()) {
            RecordedRequests requests = RecordedRequests.of(browser.webClient());
            browser.open(app.url("profile"));
            Page landed = logInAtKeycloak(browser, KeycloakServer.USERNAME, KeycloakServer.PASSWORD, app.baseUrl());
            assertEquals(200, landed.getWebResponse().getStatusCode(), () -> landed.getWebResponse().getContentAsString());

            Page after = browser.open(app.url("logout"));
            browser.webClient().waitForBackgroundJavaScript(1_000);
            Map<String, String> endSession = requests.firstTo(keycloak.issuer() + "/protocol/openid-connect/logout");
            assertNotNull(endSession.get("id_token_hint"), () -> "end_session: " + endSession.keySet());
            assertEquals(app.url("logout"), endSession.get("post_logout_redirect_uri"));
            assertEquals(app.url(POST_LOGOUT_PATH.substring(1)), browser.current().getUrl().toString(),
                    () -> "after logout: " + after.getUrl() + ":\n" + after.getWebResponse().getContentAsString());

            browser.open(app.url("profile"));
            assertTrue(onKeycloakLoginPage(browser), () -> "Keycloak's session should have ended, got "
                    + browser.current().getUrl());
        }
    }

    /**
     * Negative control: the high-security client without DPoP proofs ({@code dpop=false}) is refused by Keycloak
     * at the token endpoint ("DPoP proof is missing"), which the filter answers with its sign-in problem page (400,
     * {@code op_error}); so the DPoP login above was
     * really bound. (The push and the login page still work: private_key_jwt alone authenticates the client.)
     */
    @Test
    void highSecurityClientWithoutDpopIsRefusedByKeycloak() throws Exception {
        SampleApp app = APPS.get(HIGH_SECURITY_NO_DPOP_APP);
        try (HtmlUnitBrowser browser = TestWebClients.browser(); FilterLog log = new FilterLog()) {
            browser.open(app.url("profile"));
            assertTrue(onKeycloakLoginPage(browser), () -> "expected Keycloak's login page, got "
                    + browser.current().getUrl() + ":\n" + browser.current().getWebResponse().getContentAsString()
                    + "\nfilter log: " + log.lines());
            Page landed = logInAtKeycloak(browser, KeycloakServer.USERNAME, KeycloakServer.PASSWORD, app.baseUrl());
            assertEquals(app.url("callback"), landed.getUrl().toString(), () -> "landed on " + landed.getUrl());
            assertEquals(400, landed.getWebResponse().getStatusCode(), () -> "app answered:\n"
                    + landed.getWebResponse().getContentAsString() + "\nfilter log: " + log.lines());
            // Keycloak's error_description, as the filter logs it
            assertTrue(log.contains("token endpoint refused the request: invalid_request (DPoP proof is missing)"),
                    () -> "filter log: " + log.lines());
        }
    }

    /** A navigation GET with the browser's cookies whose redirect is not followed (the page shown stays). */
    private static WebResponse probe(HtmlUnitBrowser browser, String url) throws IOException {
        WebRequest request = new WebRequest(new URL(url), HttpMethod.GET);
        request.setAdditionalHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.setAdditionalHeader("Sec-Fetch-Mode", "navigate");
        WebClient client = browser.webClient();
        client.getOptions().setRedirectEnabled(false);
        try {
            return client.loadWebResponse(request);
        } finally {
            client.getOptions().setRedirectEnabled(true);
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
