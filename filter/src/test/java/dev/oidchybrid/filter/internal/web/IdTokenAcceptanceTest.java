package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.SignatureFault;
import dev.oidchybrid.testkit.TokenStage;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.Use;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ID tokens that are unusual but valid, which the filter must accept (the login completes with a 303 and a
 * session): no {@code kid} with a single key, a rotated key the cached JWKS lacks, JWKS entries the filter cannot
 * use, several audiences with the right {@code azp}, and every signing algorithm the provider offers.
 */
class IdTokenAcceptanceTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private DevProvider ownProvider;
    private LoginScenario scenario;

    @AfterEach
    void stopApp() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
        if (ownProvider != null) {
            ownProvider.close();
        }
    }

    private LoginScenario start(DevProvider op, Map<String, String> initParams) throws Exception {
        scenario = new LoginScenario(op, initParams);
        return scenario;
    }

    /** An RSA public key for encryption ({@code use: enc}, no {@code alg}) as a JWKS entry. */
    private static String encryptionKeyJson(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setUse(Use.ENCRYPTION);
        key.setKeyId(kid);
        return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @Test
    void callbackWhenIdTokensHaveNoKidAndJwksHasOneKeyThenLoginCompletes() throws Exception {
        start(provider.devProvider(), Map.of());
        provider.faults().signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.NO_KID)
                .signatureFault(TokenStage.TOKEN_ENDPOINT, SignatureFault.NO_KID);
        scenario.assertLoginCompletes();
    }

    @Test
    void callbackWhenIdTokensHaveNoKidAndJwksAlsoHasAnEncryptionKeyThenLoginCompletes() throws Exception {
        start(provider.devProvider(), Map.of());
        provider.faults().jwksExtraEntries(encryptionKeyJson("enc-1"))
                .signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.NO_KID)
                .signatureFault(TokenStage.TOKEN_ENDPOINT, SignatureFault.NO_KID);
        scenario.assertLoginCompletes();
    }

    @Test
    void callbackWhenSigningKeyRotatedAfterFilterCachedTheJwksThenLoginCompletes() throws Exception {
        ownProvider = DevProvider.startDefault();
        start(ownProvider, Map.of());
        scenario.assertLoginCompletes(); // the filter now holds the JWKS with the first key only
        int jwksRequests = ownProvider.counters().jwks();

        ownProvider.faults().rotateSigningKey();

        scenario.assertLoginCompletes();
        assertEquals(jwksRequests + 1, ownProvider.counters().jwks(), "one refetch for the new kid");
    }

    @Test
    void callbackWhenJwksHasUnknownKeyTypeAndEncryptionKeyThenLoginCompletes() throws Exception {
        provider.faults().jwksExtraEntries("{\"kty\":\"XYZ\",\"kid\":\"x\"}", encryptionKeyJson("enc-1"));
        start(provider.devProvider(), Map.of());
        scenario.assertLoginCompletes();
    }

    @Test
    void callbackWhenAudienceHasAnotherValueAndAzpIsThisClientThenLoginCompletes() throws Exception {
        start(provider.devProvider(), Map.of());
        provider.faults().idTokenCustomizer((stage, claims) -> {
            claims.setAudience(DevProvider.DEMO_CLIENT_ID, "other");
            claims.setClaim("azp", DevProvider.DEMO_CLIENT_ID);
        });
        scenario.assertLoginCompletes();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256,", "PS256,", "ES256,", "EdDSA, EdDSA"})
    void callbackWhenProviderSignsWithAlgorithmThenLoginCompletes(String algorithm, String idTokenAlgorithms)
            throws Exception {
        ownProvider = DevProvider.builder().signingAlgorithm(algorithm).build().start();
        Map<String, String> params = new HashMap<>();
        if (idTokenAlgorithms != null) { // EdDSA is not in the filter's default id-token-algorithms
            params.put("id-token-algorithms", idTokenAlgorithms);
        }
        start(ownProvider, params);
        Browser browser = new Browser();
        scenario.assertSignedIn(scenario.login(browser), browser);
    }
}
