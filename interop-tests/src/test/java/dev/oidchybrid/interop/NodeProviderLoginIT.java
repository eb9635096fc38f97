package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Login against a certified OpenID Provider, panva's {@code oidc-provider} (see {@code src/test/node}), through
 * each response type the filter supports, each on its own instance of the sample WAR. The provider is on
 * {@code http://localhost:<port>}, the apps on {@code https://127.0.0.1:<port>} (oidc-provider only allows
 * https redirect URIs on a host other than localhost for clients using the hybrid response types), so every
 * callback is cross-site.
 */
class NodeProviderLoginIT {

    private static final List<String> RESPONSE_TYPES = List.of("code", "code id_token", "code token",
            "code id_token token");
    private static final String PROTECTED_PATH = "profile?x=1&y=two";

    private static NodeOidcProvider provider;
    private static final Map<String, SampleApp> APPS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        RESPONSE_TYPES.forEach(type -> ports.put(type, FreePorts.next()));
        List<String> redirectUris = new ArrayList<>();
        ports.values().forEach(port -> redirectUris.add(SampleApp.callbackUrl("https", "127.0.0.1", port)));
        provider = NodeOidcProvider.start("localhost", FreePorts.next(), redirectUris);
        for (Map.Entry<String, Integer> entry : ports.entrySet()) {
            String type = entry.getKey();
            APPS.put(type, SampleApp.https("node-" + type.replace(' ', '-'), "127.0.0.1", entry.getValue())
                    .param("issuer", provider.issuer())
                    .param("client-id", NodeOidcProvider.CLIENT_ID)
                    .param("client-secret", NodeOidcProvider.CLIENT_SECRET)
                    .param("response-type", type)
                    .start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(APPS.values());
        all.add(provider);
        APPS.clear();
        Closer.closeAll(all.toArray(AutoCloseable[]::new));
    }

    @ParameterizedTest(name = "response_type={0}")
    @ValueSource(strings = {"code", "code token"})
    void loginThroughTheCertifiedProviderReturnsToTheOriginalUrlWithTheClaims(String responseType) throws Exception {
        assertLoginThroughTheCertifiedProvider(responseType);
    }

    @ParameterizedTest(name = "response_type={0}")
    @ValueSource(strings = {"code id_token", "code id_token token"})
    void hybridLoginWithFrontChannelIdTokenThroughTheCertifiedProvider(String responseType) throws Exception {
        assertLoginThroughTheCertifiedProvider(responseType);
    }

    @Test
    void codeFlowLoginInChromiumAcrossSites() throws Exception {
        assertChromiumLogin("code");
    }

    @Test
    void hybridLoginInChromiumAcrossSites() throws Exception {
        assertChromiumLogin("code id_token");
    }

    private static void assertLoginThroughTheCertifiedProvider(String responseType) throws Exception {
        SampleApp app = APPS.get(responseType);
        String original = app.url(PROTECTED_PATH);
        try (HtmlUnitBrowser browser = TestWebClients.browser()) {
            RecordedRequests requests = RecordedRequests.of(browser.webClient());
            browser.open(original);
            assertTrue(NodeProviderPages.onLoginPage(browser.current()), () -> "expected oidc-provider's login page, "
                    + "got " + browser.current().getUrl() + "\nprovider log:\n" + provider.output());

            Map<String, String> authorization = requests.firstTo(provider.issuer() + "/auth?");
            assertEquals(responseType, authorization.get("response_type"), () -> "request: " + authorization);
            assertEquals("form_post", authorization.get("response_mode"));
            assertEquals("S256", authorization.get("code_challenge_method"));
            assertNotNull(authorization.get("code_challenge"));
            assertEquals(app.url("callback"), authorization.get("redirect_uri"));

            Page landed = NodeProviderPages.logIn(browser.webClient(), "alice", "any-password", app.baseUrl(),
                    () -> "");

            // what the provider posted to the callback: the parts the response type promises
            Map<String, String> callback = requests.firstTo(app.url("callback"));
            List<String> parts = Arrays.asList(responseType.split(" "));
            assertEquals("POST", callback.get("(method)"));
            assertNotNull(callback.get("code"), () -> "callback: " + callback.keySet());
            assertEquals(parts.contains("id_token"), callback.containsKey("id_token"), () -> "callback: " + callback.keySet());
            assertEquals(parts.contains("token"), callback.containsKey("access_token"), () -> "callback: " + callback.keySet());
            if (!parts.contains("id_token")) {
                assertEquals(provider.issuer(), callback.get("iss"), "RFC 9207 iss response parameter");
            }

            assertEquals(original, landed.getUrl().toString(), () -> "landed on:\n"
                    + landed.getWebResponse().getContentAsString() + "\nprovider log:\n" + provider.output());
            assertEquals(200, landed.getWebResponse().getStatusCode());
            assertEquals("application/json", landed.getWebResponse().getContentType());
            Map<String, Object> profile = Json.object(landed.getWebResponse().getContentAsString());
            assertEquals("alice", profile.get("sub"));
            assertEquals(provider.issuer(), profile.get("iss"));
            assertEquals(NodeOidcProvider.CLIENT_ID, profile.get("aud"));
            assertEquals(true, profile.get("access_token_present"));
        }
    }

    /** Chromium (Lax+POST allowance off) logging in at oidc-provider's own login page across sites. */
    private static void assertChromiumLogin(String responseType) throws Exception {
        SampleApp app = APPS.get(responseType);
        String original = app.url("profile?browser=chromium");
        try (Chromium chromium = Chromium.start(true)) {
            ChromeDriver driver = chromium.driver();
            driver.get(original);
            chromium.awaitUrlStartingWith(provider.issuer() + "/interaction/");
            driver.findElement(By.cssSelector("form input[name='login']")).sendKeys("alice");
            driver.findElement(By.cssSelector("form input[name='password']")).sendKeys("any-password");
            driver.findElement(By.cssSelector("form button[type='submit']")).click();

            chromium.awaitUrl(original);
            Map<String, Object> profile = Json.object(chromium.jsonText());
            assertEquals("alice", profile.get("sub"));
            assertEquals(true, profile.get("access_token_present"));
        }
    }
}
