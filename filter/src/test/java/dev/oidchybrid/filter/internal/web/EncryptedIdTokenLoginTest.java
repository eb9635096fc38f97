package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestClientKeys;
import dev.oidchybrid.filter.testing.TestJwe;
import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.SignatureFault;
import dev.oidchybrid.testkit.TokenStage;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encrypted ID tokens end to end: the development provider encrypts every ID token to the client's registered
 * key (front channel, token endpoint, refresh), the filter decrypts with id-token-decryption-key and verifies the
 * signed token inside as always; whatever is not encrypted as required is refused like any invalid ID token.
 */
class EncryptedIdTokenLoginTest {

    static final String SECRET = "encrypting-client-secret";
    private static final String CLIENT = "enc-rsa";
    private static final List<String> REDIRECTS = List.of("http://127.0.0.1:*", "http://localhost:*");
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final PublicJsonWebKey RSA = TestJwe.rsa("app-enc-rsa");
    private static final PublicJsonWebKey EC = TestJwe.ec("app-enc-ec");

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME)
            .client(encrypting(CLIENT, "RSA-OAEP-256", "A256GCM", RSA)));
    private FilterHarness app;

    /** A client registered for encrypted ID tokens (shared with {@link EncryptedIdTokenEcLoginTest}). */
    static ClientRegistration encrypting(String clientId, String alg, String enc, PublicJsonWebKey key) {
        return new ClientRegistration(clientId, SECRET, REDIRECTS).withIdTokenEncryption(alg, enc,
                TestJwe.publicJwks(key));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private Browser start(String responseType, PublicJsonWebKey key) throws Exception {
        return start(CLIENT, responseType, key);
    }

    private Browser start(String clientId, String responseType, PublicJsonWebKey key) throws Exception {
        LogSafety.secret(SECRET);
        Map<String, String> env = new HashMap<>(Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID", clientId,
                "OIDC_CLIENT_SECRET", SECRET));
        if (key != null) {
            env.put("OIDC_ID_TOKEN_DECRYPTION_KEY", TestJwe.privateJwks(key));
        }
        app = new FilterHarness(Map.of("response-type", responseType, "scope", "openid profile email offline_access"),
                env, clock);
        return new Browser();
    }

    private HttpResponse<String> login(Browser browser) {
        return browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    private void assertRefused(HttpResponse<String> callback, String logged) {
        assertEquals(401, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("invalid_id_token"), callback.body());
        assertTrue(LogSafety.records().stream().anyMatch(r -> r.contains(logged)), "a log line naming: " + logged);
    }

    @Test
    void loginWhenHybridAndRsaOaep256ThenBothIdTokensDecryptedAndTheAppSeesTheSignedToken() throws Exception {
        Browser browser = start("code id_token", RSA);
        HttpResponse<String> callback = login(browser);
        assertEquals(303, callback.statusCode(), callback.body());
        HttpResponse<String> page = browser.navigate(app.url("/x?idtoken"));
        assertEquals("alice-0001", field(page, "user"));
        assertEquals(3, field(page, "rawIdToken").split("\\.", -1).length, "the decrypted, signed ID token");
    }

    @Test
    void refreshWhenEncryptedThenTheRefreshedIdTokenIsDecryptedToo() throws Exception {
        Browser browser = start("code", RSA);
        assertEquals(303, login(browser).statusCode());
        String before = field(browser.navigate(app.url("/x")), "accessTokenId");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        HttpResponse<String> refreshed = browser.navigate(app.url("/x?idtoken"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertNotEquals(before, field(refreshed, "accessTokenId"));
        assertEquals(3, field(refreshed, "rawIdToken").split("\\.", -1).length);
    }

    @Test
    void refreshWhenTheRefreshedIdTokenIsNotEncryptedThenRefused() throws Exception {
        Browser browser = start("code", RSA);
        assertEquals(303, login(browser).statusCode());
        provider.faults().unencryptedIdTokens(TokenStage.REFRESH);
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(10));
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "the refresh failed: sign in again");
        assertTrue(LogSafety.records().stream().anyMatch(r -> r.contains("refreshed ID token rejected: ID token is "
                + "not encrypted")));
    }

    @Test
    void loginWhenFrontChannelIdTokenNotEncryptedThenRefusedBeforeTheCodeIsRedeemed() throws Exception {
        provider.faults().unencryptedIdTokens(TokenStage.FRONT_CHANNEL);
        Browser browser = start("code id_token", RSA);
        int exchanges = provider.counters().token();
        assertRefused(login(browser), "ID token is not encrypted, but id-token-decryption-key is set");
        assertEquals(exchanges, provider.counters().token(), "no code exchange");
    }

    @Test
    void loginWhenTokenEndpointIdTokenNotEncryptedThenRefused() throws Exception {
        provider.faults().unencryptedIdTokens(TokenStage.TOKEN_ENDPOINT);
        assertRefused(login(start("code", RSA)), "ID token is not encrypted");
    }

    @Test
    void loginWhenProviderEncryptsWithRsa1_5ThenRefused() throws Exception {
        provider.faults().idTokenEncryption("RSA1_5", "A256GCM");
        assertRefused(login(start("code", RSA)), "key management algorithm 'RSA1_5'");
    }

    @Test
    void loginWhenProviderEncryptsWithA128CbcHs256ThenRefused() throws Exception {
        provider.faults().idTokenEncryption("RSA-OAEP-256", "A128CBC-HS256");
        assertRefused(login(start("code id_token", RSA)), "content encryption 'A128CBC-HS256'");
    }

    @Test
    void loginWhenEncryptedToAKeyTheFilterDoesNotHaveThenRefused() throws Exception {
        provider.faults().signatureFault(TokenStage.TOKEN_ENDPOINT, SignatureFault.ENCRYPTED);
        assertRefused(login(start("code", RSA)), "does not decrypt with id-token-decryption-key");
    }

    @Test
    void loginWhenEncryptedButNoDecryptionKeyConfiguredThenRefusedNot500() throws Exception {
        assertRefused(login(start("code id_token", null)),
                "encrypted (JWE), but id-token-decryption-key is not set");
    }

    @Test
    void startWhenDecryptionKeyUnusableThenTheFilterDoesNotStartAndOneLineNamesTheSetting() {
        Map<String, String> env = provider.environment(Map.of("OIDC_ID_TOKEN_DECRYPTION_KEY",
                TestJwe.publicJwks(RSA)));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> app = new FilterHarness(Map.of(), env, clock));
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("id-token-decryption-key has key 'app-enc-rsa' without its private part"), message);
        assertFalse(message.contains(String.valueOf(RSA.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).get("n"))),
                message);
    }

    @Test
    void clientJwksPathWhenDecryptionAndSigningKeysThenBothPublishedWithTheirUseAndNoPrivatePart() throws Exception {
        KeyPair signing = TestClientKeys.ecKey();
        Map<String, String> env = provider.environment(Map.of("OIDC_ID_TOKEN_DECRYPTION_KEY", TestJwe.privateJwks(RSA, EC),
                "OIDC_CLIENT_KEY", TestClientKeys.pemEnv(signing)));
        app = new FilterHarness(Map.of("client-jwks-path", "/.well-known/client-jwks"), env, clock);
        HttpResponse<String> jwks = new Browser().navigate(app.url("/.well-known/client-jwks"));
        assertEquals(200, jwks.statusCode(), jwks.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) JsonUtil.parseJson(jwks.body()).get("keys");
        assertEquals(List.of("sig", "enc", "enc"), keys.stream().map(k -> k.get("use")).toList());
        assertEquals(List.of("app-enc-rsa", "app-enc-ec"), keys.subList(1, 3).stream().map(k -> k.get("kid")).toList());
        assertEquals(List.of("RSA-OAEP-256", "ECDH-ES+A256KW"), keys.subList(1, 3).stream().map(k -> k.get("alg"))
                .toList());
        for (PublicJsonWebKey key : List.of(RSA, EC)) {
            String d = String.valueOf(key.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE).get("d"));
            assertFalse(jwks.body().contains(d), "private part published");
        }
        keys.forEach(k -> assertFalse(k.containsKey("d") || k.containsKey("p") || k.containsKey("q"), k.toString()));
    }
}
