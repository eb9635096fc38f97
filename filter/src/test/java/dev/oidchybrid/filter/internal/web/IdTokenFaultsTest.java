package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.SignatureFault;
import dev.oidchybrid.testkit.TokenStage;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;

import static dev.oidchybrid.filter.internal.web.LoginScenario.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every ID token rule of OpenID Connect Core 1.0 §3.1.3.7 and §3.3.2.11-12, one test each, end to end: the
 * development provider breaks one property of an otherwise valid ID token, and the filter must answer 401
 * {@code invalid_id_token}, create no session, and (for the front-channel token of the hybrid flow) never send
 * the authorization code to the token endpoint.
 */
class IdTokenFaultsTest {

    private static final String INVALID_ID_TOKEN = "invalid_id_token";

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private LoginScenario scenario;

    @AfterEach
    void stopApp() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    private LoginScenario start(String responseType) throws Exception {
        scenario = new LoginScenario(provider.devProvider(), Map.of("response-type", responseType));
        return scenario;
    }

    /** A hybrid login ("code id_token") whose front-channel ID token gets {@code change}: refused before redeeming. */
    private void assertFrontChannelClaimsRejected(Consumer<JwtClaims> change) throws Exception {
        start("code id_token");
        provider.faults().idTokenCustomizer(at(TokenStage.FRONT_CHANNEL, change));
        scenario.assertRejectedWithoutCodeExchange(401, INVALID_ID_TOKEN);
    }

    private void assertFrontChannelSignatureRejected(SignatureFault fault) throws Exception {
        start("code id_token");
        provider.faults().signatureFault(TokenStage.FRONT_CHANNEL, fault);
        scenario.assertRejectedWithoutCodeExchange(401, INVALID_ID_TOKEN);
    }

    private static long issuedAt(JwtClaims claims) {
        return ((Number) claims.getClaimValue("iat")).longValue();
    }

    /** The claim's value with its first character changed: well-formed, but not the right hash. */
    private static void alter(JwtClaims claims, String claim) {
        String value = (String) claims.getClaimValue(claim);
        claims.setClaim(claim, (value.charAt(0) == 'A' ? "B" : "A") + value.substring(1));
    }

    // --- front channel: claims ---

    @Test
    void callbackWhenFrontChannelIdTokenIssuerMismatchThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.setIssuer("https://attacker.example"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenSubjectMissingThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.unsetClaim("sub"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenAudienceMismatchThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.setAudience("another-client"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenAudienceMissingThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.unsetClaim("aud"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenHasUntrustedExtraAudienceAndNoAzpThenRejectedWithoutCodeExchange()
            throws Exception {
        assertFrontChannelClaimsRejected(claims -> {
            claims.setAudience(DevProvider.DEMO_CLIENT_ID, "untrusted-client");
            claims.unsetClaim("azp");
        });
    }

    @Test
    void callbackWhenFrontChannelIdTokenHasUntrustedExtraAudienceAndWrongAzpThenRejectedWithoutCodeExchange()
            throws Exception {
        assertFrontChannelClaimsRejected(claims -> {
            claims.setAudience(DevProvider.DEMO_CLIENT_ID, "untrusted-client");
            claims.setClaim("azp", "untrusted-client");
        });
    }

    @Test
    void callbackWhenFrontChannelIdTokenIssuedAtMissingThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.unsetClaim("iat"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenExpiredBeyondClockSkewThenRejectedWithoutCodeExchange() throws Exception {
        // the default clock-skew is 60 s: expired 61 s before the provider's (and so the filter's) now
        assertFrontChannelClaimsRejected(claims -> claims.setExpirationTime(
                NumericDate.fromSeconds(issuedAt(claims) - 61)));
    }

    @Test
    void callbackWhenFrontChannelIdTokenExpiryMissingThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.unsetClaim("exp"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenNonceMismatchThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.setClaim("nonce", "a-nonce-from-another-login"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenNonceMissingThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.unsetClaim("nonce"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenCodeHashWrongThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> alter(claims, "c_hash"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenCodeHashMissingThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelClaimsRejected(claims -> claims.unsetClaim("c_hash"));
    }

    @Test
    void callbackWhenFrontChannelIdTokenAccessTokenHashWrongThenRejectedWithoutCodeExchange() throws Exception {
        start("code id_token token");
        provider.faults().idTokenCustomizer(at(TokenStage.FRONT_CHANNEL, claims -> alter(claims, "at_hash")));
        scenario.assertRejectedWithoutCodeExchange(401, INVALID_ID_TOKEN);
    }

    @Test
    void callbackWhenFrontChannelIdTokenAccessTokenHashMissingThenRejectedWithoutCodeExchange() throws Exception {
        start("code id_token token");
        provider.faults().idTokenCustomizer(at(TokenStage.FRONT_CHANNEL, claims -> claims.unsetClaim("at_hash")));
        scenario.assertRejectedWithoutCodeExchange(401, INVALID_ID_TOKEN);
    }

    // --- front channel: signature and format ---

    @Test
    void callbackWhenFrontChannelIdTokenSignatureCorruptThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelSignatureRejected(SignatureFault.CORRUPT_SIGNATURE);
    }

    @Test
    void callbackWhenFrontChannelIdTokenSignedByForeignKeyThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelSignatureRejected(SignatureFault.FOREIGN_KEY);
    }

    @Test
    void callbackWhenFrontChannelIdTokenUnsecuredAlgNoneThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelSignatureRejected(SignatureFault.ALG_NONE);
    }

    @Test
    void callbackWhenFrontChannelIdTokenHs256KeyedWithPublicKeyThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelSignatureRejected(SignatureFault.HS256_WITH_PUBLIC_KEY);
    }

    @Test
    void callbackWhenFrontChannelIdTokenEncryptedThenRejectedWithoutCodeExchange() throws Exception {
        assertFrontChannelSignatureRejected(SignatureFault.ENCRYPTED);
    }

    @Test
    void callbackWhenFrontChannelIdTokenKidUnknownTwentyTimesThenEachRejectedAndJwksFetchedAtMostOnceMore()
            throws Exception {
        start("code id_token");
        scenario.assertLoginCompletes(); // the filter now holds the JWKS
        provider.faults().signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.UNKNOWN_KID);
        int jwksRequests = provider.counters().jwks();
        int tokenRequests = provider.counters().token();
        Browser browser = new Browser();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> callback = scenario.login(browser); // states are single use: a login each
            scenario.assertRejected(callback, browser, 401, INVALID_ID_TOKEN);
        }
        int refetches = provider.counters().jwks() - jwksRequests;
        assertTrue(refetches <= 1, "20 unknown kids made the filter fetch the JWKS " + refetches + " times");
        assertEquals(tokenRequests, provider.counters().token(), "no code reached the token endpoint");
    }

    // --- token endpoint ---

    @Test
    void callbackWhenTokenEndpointIdTokenSubjectDiffersFromFrontChannelThenRejected() throws Exception {
        start("code id_token");
        provider.faults().idTokenCustomizer(at(TokenStage.TOKEN_ENDPOINT, claims -> claims.setSubject("bob-0002")));
        scenario.assertRejectedAfterCodeExchange(401, INVALID_ID_TOKEN);
    }

    @Test
    void callbackWhenTokenEndpointIdTokenIssuerDiffersThenRejected() throws Exception {
        start("code id_token");
        provider.faults().idTokenCustomizer(at(TokenStage.TOKEN_ENDPOINT,
                claims -> claims.setIssuer("https://attacker.example")));
        scenario.assertRejectedAfterCodeExchange(401, INVALID_ID_TOKEN);
    }

    @Test
    void callbackWhenTokenEndpointIdTokenSignatureCorruptThenRejected() throws Exception {
        start("code id_token");
        provider.faults().signatureFault(TokenStage.TOKEN_ENDPOINT, SignatureFault.CORRUPT_SIGNATURE);
        scenario.assertRejectedAfterCodeExchange(401, INVALID_ID_TOKEN);
    }

    @Test
    void callbackWhenCodeFlowAndTokenEndpointIdTokenNonceMismatchThenRejected() throws Exception {
        start("code");
        provider.faults().idTokenCustomizer(at(TokenStage.TOKEN_ENDPOINT,
                claims -> claims.setClaim("nonce", "a-nonce-from-another-login")));
        scenario.assertRejectedAfterCodeExchange(401, INVALID_ID_TOKEN);
    }
}
