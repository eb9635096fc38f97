package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestClientKeys;
import dev.oidchybrid.testkit.AssertionAudience;
import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JWT client authentication end to end against the development provider, which verifies every assertion
 * (signature with the registered key, iss / sub, aud, exp, jti replay): private_key_jwt for login and refresh,
 * client_secret_jwt, a refused assertion, the published client JWK set, and a bad key at start-up.
 */
class PrivateKeyJwtTest {

    private static final String CLIENT = "pkjwt-client";
    private static final String HMAC_SECRET = "hs256-client-secret-0123456789abcdef";
    private static final List<String> REDIRECTS = List.of("http://127.0.0.1:*", "http://localhost:*");
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final KeyPair KEY = TestClientKeys.ecKey();
    private static final KeyPair UNREGISTERED = TestClientKeys.ecKey();

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME)
            // one client the kit accepts with either JWT method, and with no other: a secret alone gets nowhere
            .client(new ClientRegistration(CLIENT, HMAC_SECRET, REDIRECTS, null, List.of(
                    ClientRegistration.PRIVATE_KEY_JWT, ClientRegistration.CLIENT_SECRET_JWT),
                    TestClientKeys.publicJwks(KEY))));
    private FilterHarness app;




    private Map<String, String> privateKeyJwtEnv(KeyPair key) {
        return new HashMap<>(Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID", CLIENT,
                "OIDC_CLIENT_AUTH", "private_key_jwt", "OIDC_CLIENT_KEY", TestClientKeys.pemEnv(key)));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> login(Map<String, String> params, Map<String, String> env, Browser browser)
            throws Exception {
        Map<String, String> init = new HashMap<>(params);
        init.putIfAbsent("scope", "openid profile email offline_access");
        app = new FilterHarness(init, env, clock);
        return browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    @Test
    void loginWhenPrivateKeyJwtThenSignedInWithNoClientSecretAtAll() throws Exception {
        Browser browser = new Browser();
        int grants = provider.counters().token();
        HttpResponse<String> callback = login(Map.of(), privateKeyJwtEnv(KEY), browser);
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals(grants + 1, provider.counters().token());
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertEquals(200, page.statusCode());
        assertEquals("alice-0001", field(page, "user"));
    }

    @Test
    void refreshWhenPrivateKeyJwtThenTheRefreshGrantIsAuthenticatedWithAFreshAssertion() throws Exception {
        Browser browser = new Browser();
        assertEquals(303, login(Map.of(), privateKeyJwtEnv(KEY), browser).statusCode());
        String before = field(browser.navigate(app.url("/x")), "accessTokenId");
        int grants = provider.counters().token();
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30)); // past the first assertion's exp, and its jti is used
        HttpResponse<String> refreshed = browser.navigate(app.url("/x"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(grants + 1, provider.counters().token());
        assertNotEquals(before, field(refreshed, "accessTokenId"));
        assertEquals("alice-0001", field(refreshed, "user"));
    }

    @Test
    void loginWhenTheProviderWantsTheTokenEndpointAsAudienceAndTheSettingSaysSoThenSignedIn() throws Exception {
        provider.faults().clientAssertionAudience(AssertionAudience.TOKEN_ENDPOINT);
        HttpResponse<String> callback = login(Map.of("client-assertion-audience", "token-endpoint"),
                privateKeyJwtEnv(KEY), new Browser());
        assertEquals(303, callback.statusCode(), callback.body());
    }

    @Test
    void loginWhenTheProviderRefusesTheAssertionAudienceThenAClearErrorPageNot500() throws Exception {
        provider.faults().clientAssertionAudience(AssertionAudience.TOKEN_ENDPOINT); // the filter sends the issuer
        HttpResponse<String> callback = login(Map.of(), privateKeyJwtEnv(KEY), new Browser());
        assertEquals(400, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("The identity provider refused the sign-in."), callback.body());
        assertTrue(callback.body().contains("invalid_client"), callback.body());
    }

    @Test
    void loginWhenSignedWithAKeyTheProviderDoesNotKnowThenAClearErrorPageNot500() throws Exception {
        HttpResponse<String> callback = login(Map.of(), privateKeyJwtEnv(UNREGISTERED), new Browser());
        assertEquals(400, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("invalid_client"), callback.body());
        assertFalse(callback.body().contains("Exception"), callback.body());
    }

    @Test
    void loginWhenClientSecretJwtThenSignedInWithAnHs256Assertion() throws Exception {
        HttpResponse<String> callback = login(Map.of(), Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID",
                CLIENT, "OIDC_CLIENT_AUTH", "client_secret_jwt", "OIDC_CLIENT_SECRET", HMAC_SECRET),
                new Browser());
        LogSafety.secret(HMAC_SECRET);
        assertEquals(303, callback.statusCode(), callback.body());
    }

    @Test
    void clientJwksPathWhenSetThenThePublicKeyIsServedWithoutLoginAndWithoutPrivateParts() throws Exception {
        app = new FilterHarness(Map.of("client-jwks-path", "/.well-known/client-jwks"), privateKeyJwtEnv(KEY), clock);
        Browser browser = new Browser();
        HttpResponse<String> jwks = browser.navigate(app.url("/.well-known/client-jwks"));
        assertEquals(200, jwks.statusCode(), jwks.body());
        assertTrue(jwks.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        List<?> keys = (List<?>) JsonUtil.parseJson(jwks.body()).get("keys");
        assertEquals(1, keys.size());
        Map<?, ?> jwk = (Map<?, ?>) keys.get(0);
        assertFalse(jwk.containsKey("d"), jwks.body());
        assertEquals(PublicJsonWebKey.Factory.newPublicJwk(KEY.getPublic())
                .calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), jwk.get("kid"));
        assertFalse(jwks.body().contains(Base64.getUrlEncoder().withoutPadding().encodeToString(
                ((java.security.interfaces.ECPrivateKey) KEY.getPrivate()).getS().toByteArray()).substring(0, 20)));
        assertEquals(405, browser.postForm(app.url("/.well-known/client-jwks"), Map.of()).statusCode());
    }

    @Test
    void loginWhenTheProviderListsNoAlgorithmForTheKeyThenSelfCheckErrorAndAClearPageWithoutAnyTokenRequest()
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1")); // ES384: not in the kit's list
        Browser browser = new Browser();
        int grants = provider.counters().token();
        HttpResponse<String> callback = login(Map.of(), privateKeyJwtEnv(generator.generateKeyPair()), browser);
        assertEquals(500, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("invalid_configuration"), callback.body());
        assertFalse(callback.body().contains("Exception"), callback.body());
        assertEquals(grants, provider.counters().token(), "no token request with an assertion it cannot accept");
        assertTrue(LogSafety.records().stream().anyMatch(r -> r.contains("OIDC self-check: ERROR client-key")
                && r.contains("EC P-384")), "the self-check names the key");
    }

    @Test
    void clientJwksPathWhenNotSpelledPlainlyThenProtectedLikeAnyOtherPath() throws Exception {
        app = new FilterHarness(Map.of("client-jwks-path", "/.well-known/client-jwks"), privateKeyJwtEnv(KEY), clock);
        HttpResponse<String> page = new Browser().navigate(app.url("/.well-known/./client-jwks"));
        assertEquals(302, page.statusCode(), page.body());
    }

    @Test
    void clientJwksPathWhenUnsetThenNothingIsPublished() throws Exception {
        app = new FilterHarness(Map.of(), privateKeyJwtEnv(KEY), clock);
        HttpResponse<String> page = new Browser().navigate(app.url("/.well-known/client-jwks"));
        assertEquals(302, page.statusCode(), "a protected path like any other");
    }

    @Test
    void initWhenClientKeyMalformedThenStartFailsWithOneMessageNamingClientKeyAndNoKeyMaterial() {
        ServletException e = initFails(Map.of("issuer", provider.issuer(), "client-id", CLIENT,
                "client-auth", "private_key_jwt",
                "client-key", "-----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0w\\n-----END PRIVATE KEY-----"));
        assertTrue(e.getMessage().contains("client-key is not a PKCS#8"), e.getMessage());
        assertFalse(e.getMessage().contains("MIGHAgEA"), e.getMessage());
    }

    @Test
    void initWhenClientKeyFileMissingThenStartFailsNamingTheFile() {
        ServletException e = initFails(Map.of("issuer", provider.issuer(), "client-id", CLIENT,
                "client-auth", "private_key_jwt", "client-key", "file:/nonexistent/client-key.pem"));
        assertTrue(e.getMessage().contains("client-key: the file '/nonexistent/client-key.pem' cannot be read"),
                e.getMessage());
    }

    private static ServletException initFails(Map<String, String> params) {
        OidcFilterCore filter = new OidcFilterCore(Map.<String, String>of()::get, Clock.systemUTC(),
                new SecureRandom());
        ServletContext context = new ServletContextHandler(ServletContextHandler.SESSIONS).getServletContext();
        FilterConfig config = new FilterConfig() {
            public String getFilterName() { return "oidc"; }
            public ServletContext getServletContext() { return context; }
            public String getInitParameter(String name) { return params.get(name); }
            public Enumeration<String> getInitParameterNames() { return Collections.enumeration(params.keySet()); }
        };
        return assertThrows(ServletException.class, () -> filter.init(config));
    }
}
