package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestClientKeys;
import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * All three together, as a high-security provider demands them: the provider requires pushed authorization
 * requests and DPoP nonces, and accepts this client only with private_key_jwt. Login, UserInfo and refresh.
 */
class HighSecurityLoginTest {

    private static final String CLIENT = "fapi-client";
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final KeyPair KEY = TestClientKeys.ecKey();

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME).requirePushedAuthorizationRequests(true)
            .signingAlgorithm("ES256")
            .requireDpopNonce(true)
            .client(new ClientRegistration(CLIENT, null, List.of("http://127.0.0.1:*", "http://localhost:*"), null,
                    List.of(ClientRegistration.PRIVATE_KEY_JWT), TestClientKeys.publicJwks(KEY))));
    private FilterHarness app;



    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }


    private Browser start(Map<String, String> env, Map<String, String> init) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("OIDC_ISSUER", provider.issuer());
        all.put("OIDC_CLIENT_ID", CLIENT);
        all.put("OIDC_CLIENT_KEY", TestClientKeys.pemEnv(KEY));
        Map<String, String> params = new java.util.HashMap<>(init);
        params.put("scope", "openid profile email offline_access");
        app = new FilterHarness(params, all, clock);
        return new Browser();
    }

    @Test
    void loginWhenProfileFapi2ThenOneSwitchGivesParPrivateKeyJwtDpopAndTheCodeFlow() throws Exception {
        Browser browser = start(Map.of("OIDC_PROFILE", "fapi2"), Map.of());
        int pushes = provider.counters().par();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals(pushes + 1, provider.counters().par());
        assertEquals("DPoP", field(browser.navigate(app.url("/x")), "tokenType"));
    }

    @Test
    void loginWhenProfileFapi2AndTheCallbackLacksIssThenRefusedEvenWhereTheProviderDoesNotAdvertiseIt()
            throws Exception {
        provider.faults().omitAuthorizationResponseIss(true)
                .discoveryCustomizer(doc -> doc.remove("authorization_response_iss_parameter_supported"));
        Browser browser = start(Map.of("OIDC_PROFILE", "fapi2"), Map.of());
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(400, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("invalid_response"), callback.body());
    }

    @Test
    void loginWhenParDpopAndPrivateKeyJwtAreRequiredThenBoundTokensAndTheRefreshKeepsTheBinding() throws Exception {
        // the sample app's contract for such runs: no client secret anywhere, PAR chosen from discovery
        Browser browser = start(Map.of("OIDC_CLIENT_AUTH", "private_key_jwt", "OIDC_DPOP", "true",
                "OIDC_USERINFO", "true"), Map.of("response-type", "code"));
        int pushes = provider.counters().par();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals(pushes + 1, provider.counters().par(), "the authorization request was pushed");
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertEquals("DPoP", field(page, "tokenType"));
        assertEquals("alice-0001", field(page, "user"));
        String before = field(page, "accessTokenId");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        HttpResponse<String> refreshed = browser.navigate(app.url("/x"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertNotEquals(before, field(refreshed, "accessTokenId"));
        assertEquals("DPoP", field(refreshed, "tokenType"));
        assertTrue(provider.counters().userinfo() >= 2, "UserInfo after login and after the refresh");
    }
}
