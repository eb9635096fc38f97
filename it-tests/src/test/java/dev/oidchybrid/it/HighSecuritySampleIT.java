package dev.oidchybrid.it;

import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample in the high-security set-up of its contract: {@code client-auth=private_key_jwt} with an ES256
 * {@code client-key} (PKCS#8 PEM) and no secret, {@code dpop=true}, {@code userinfo=true}, and a provider that
 * requires PAR and DPoP nonces (so PAR is chosen from discovery). {@code /api-demo} then calls the sample's
 * bearer-mode API with the DPoP-bound token and a proof, and the API verifies both.
 *
 * <p>Not on a container in its own JVM (WildFly): its filter settings are fixed for all classes at its start.
 */
@RunAsClient
@DisabledIfSystemProperty(named = ServerJvmProviderSettings.FILE_PROPERTY, matches = ".+")
class HighSecuritySampleIT {

    private static final String CLIENT = "high-security-sample";
    private static final KeyPair KEY = ecKey();

    @RegisterExtension
    @Order(1)
    static final OidcTestKit oidc = OidcTestKit.builder()
            .port(Integer.getInteger(ItOidc.PORT_PROPERTY, 0))
            .requirePushedAuthorizationRequests(true)
            .requireDpopNonce(true)
            .client(ClientRegistration.privateKeyJwt(CLIENT, publicJwks(KEY), java.util.List.of(
                    "http://localhost:*", "http://127.0.0.1:*")))
            .setting("scope", ItOidc.SCOPE)
            .setting("client-auth", "private_key_jwt")
            .setting("client-key", pem(KEY))
            .setting("dpop", "true")
            .setting("userinfo", "true")
            .build();

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension arquillian = new ArquillianExtension();

    @Deployment(testable = false)
    static WebArchive sample() {
        return SampleWar.copy("sample-high-security.war");
    }

    @ArquillianResource
    private URL base;

    @BeforeEach
    void onLocalhost() {
        base = ItOidc.onLocalhost(base);
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    private static String publicJwks(KeyPair key) {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey((ECPublicKey) key.getPublic());
        // the filter names its key by its RFC 7638 thumbprint, the provider picks the registered key by kid
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @Test
    void apiDemoWhenDpopThenTheApiGetsTheBoundTokenWithAProofAndVerifiesIt() {
        int pushed = oidc.provider().counters().par();
        try (WebClient browser = oidc.webClient(DemoUser.alice(), base + "api-demo")) {
            Page page = browser.getCurrentWindow().getEnclosedPage();
            assertEquals(base + "api-demo", page.getUrl().toString());
            String body = page.getWebResponse().getContentAsString();
            assertTrue(body.contains("HTTP 200"), () -> "the API call failed:\n" + body);
            assertTrue(body.contains("\"owner\":\"alice-0001\"") && body.contains("\"dpopBound\":true"),
                    () -> "the API did not see a DPoP-bound token:\n" + body);
        }
        assertTrue(oidc.provider().counters().par() > pushed, "the login pushed its request (PAR from discovery)");
    }

    @Test
    void profileWhenLoggedInWithPrivateKeyJwtAndDpopThenClaimsAndUserInfo() {
        int userinfo = oidc.provider().counters().userinfo();
        try (WebClient browser = oidc.webClient(DemoUser.alice(), base + "profile")) {
            java.util.Map<String, Object> profile = Json.object(browser.getCurrentWindow().getEnclosedPage()
                    .getWebResponse().getContentAsString());
            assertEquals("alice-0001", profile.get("sub"));
            assertEquals(true, profile.get("access_token_present"));
        }
        assertTrue(oidc.provider().counters().userinfo() > userinfo, "UserInfo was called with the bound token");
    }
}
