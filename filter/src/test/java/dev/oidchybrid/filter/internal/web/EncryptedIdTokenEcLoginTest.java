package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.TestJwe;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encrypted ID tokens with an EC key: ECDH-ES+A256KW and A256GCM, code and hybrid flows (see the RSA test). */
class EncryptedIdTokenEcLoginTest {

    private static final String CLIENT = "enc-ec";
    private static final PublicJsonWebKey EC = TestJwe.ec("app-enc-ec");

    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().signingAlgorithm("ES256")
            .client(EncryptedIdTokenLoginTest.encrypting(CLIENT, "ECDH-ES+A256KW", "A256GCM", EC)));
    private FilterHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> login(String responseType, Browser browser) throws Exception {
        LogSafety.secret(EncryptedIdTokenLoginTest.SECRET);
        app = new FilterHarness(Map.of("response-type", responseType), Map.of("OIDC_ISSUER", provider.issuer(),
                "OIDC_CLIENT_ID", CLIENT, "OIDC_CLIENT_SECRET", EncryptedIdTokenLoginTest.SECRET,
                "OIDC_ID_TOKEN_DECRYPTION_KEY", TestJwe.privateJwks(EC)));
        return browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
    }

    @Test
    void loginWhenCodeFlowAndEcdhEsA256KwThenLoggedIn() throws Exception {
        Browser browser = new Browser();
        assertEquals(303, login("code", browser).statusCode());
        assertTrue(browser.navigate(app.url("/x")).body().contains("user=alice-0001"));
    }

    @Test
    void loginWhenHybridAndEcdhEsA256KwThenBothIdTokensDecryptedAndCHashChecked() throws Exception {
        Browser browser = new Browser();
        assertEquals(303, login("code id_token", browser).statusCode());
        assertTrue(browser.navigate(app.url("/x")).body().contains("user=alice-0001"));
    }

    @Test
    void loginWhenProviderEncryptsWithEcdhEsDirectThenRefused() throws Exception {
        provider.faults().idTokenEncryption("ECDH-ES", "A256GCM");
        HttpResponse<String> callback = login("code", new Browser());
        assertEquals(401, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("invalid_id_token"), callback.body());
        assertTrue(LogSafety.records().stream().anyMatch(r -> r.contains("key management algorithm 'ECDH-ES'")));
    }
}
