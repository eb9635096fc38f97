package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.testing.TestClientKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code profile=fapi2}: defaults become the profile's values; explicit values it does not allow are refused. */
class ProfileTest {


    private static OidcConfig.Builder fapi2() throws Exception {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "client").set(InitParam.PROFILE, "fapi2").set(InitParam.CLIENT_KEY, TestClientKeys.pem(TestClientKeys.ecKey()));
    }

    private static String problems(OidcConfig.Builder builder) {
        return assertThrows(OidcException.class, builder::build).description();
    }

    @Test
    void fapi2WhenSettingsLeftAtTheirDefaultsThenTheProfilesValues() throws Exception {
        OidcConfig config = fapi2().build();
        assertEquals(Profile.FAPI2, config.profile());
        assertEquals(ResponseType.CODE, config.client().responseType());
        assertEquals(ClientAuth.PRIVATE_KEY_JWT, config.client().clientAuth());
        assertEquals(DpopSettings.Mode.REQUIRED, config.dpop().mode());
        assertEquals(Set.of("PS256", "ES256", "EdDSA"), config.provider().idTokenAlgorithms());
        assertEquals(Duration.ofSeconds(10), config.timeouts().clockSkew());
        assertTrue(LoginFlow.Settings.from(config).issParameterRequired(), "RFC 9207 iss on every callback");
        assertEquals(ParMode.TRUE, config.client().par());
    }

    @Test
    void fapi2WhenBearerModeThenNoClientKeyNeededAndOnlyTheTokenRulesApply() {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.MODE, "bearer").set(InitParam.AUDIENCE, "api").set(InitParam.PROFILE, "fapi2").build();
        assertEquals(Profile.FAPI2, config.profile());
        assertEquals(Set.of("PS256", "ES256", "EdDSA"), config.provider().idTokenAlgorithms());
        assertEquals(Duration.ofSeconds(10), config.timeouts().clockSkew());
        assertFalse(config.client().keys().configured());
        String problems = problems(OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.MODE, "bearer").set(InitParam.AUDIENCE, "api").set(InitParam.PROFILE, "fapi2")
                .set(InitParam.ID_TOKEN_ALGORITHMS, "RS256"));
        assertTrue(problems.contains("id-token-algorithms 'RS256' is not allowed with profile=fapi2"), problems);
    }

    @Test
    void fapi2WhenExplicitValuesItAllowsThenKept() throws Exception {
        OidcConfig config = fapi2().set(InitParam.ID_TOKEN_ALGORITHMS, "ES256").set(InitParam.CLOCK_SKEW, "5")
                .set(InitParam.DPOP_ALGORITHM, "EdDSA").build();
        assertEquals(Set.of("ES256"), config.provider().idTokenAlgorithms());
        assertEquals(Duration.ofSeconds(5), config.timeouts().clockSkew());
        assertEquals("EdDSA", config.dpop().algorithm());
    }

    @Test
    void fapi2WhenExplicitValuesItForbidsThenEachIsAProblemNamingIt() throws Exception {
        String problems = problems(fapi2().set(InitParam.RESPONSE_TYPE, "code token").set(InitParam.PAR, "false")
                .set(InitParam.CLIENT_AUTH, "client_secret_post").set(InitParam.CLIENT_SECRET, "s3cret")
                .set(InitParam.DPOP, "optional").set(InitParam.ID_TOKEN_ALGORITHMS, "RS256,ES256")
                .set(InitParam.CLIENT_ASSERTION_AUDIENCE, "token-endpoint"));
        for (String param : new String[] {"response-type 'code token'", "par 'false'",
                "client-assertion-audience 'token-endpoint'",
                "client-auth 'client_secret_post'", "dpop 'optional'", "id-token-algorithms 'RS256,ES256'"}) {
            assertTrue(problems.contains(param + " is not allowed with profile=fapi2"), param + ": " + problems);
        }
    }

    @Test
    void fapi2WhenNoClientKeyThenAProblemAskingForOne() {
        String problems = problems(OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "client").set(InitParam.PROFILE, "fapi2"));
        assertTrue(problems.contains("client-key"), problems);
    }

    @Test
    void profileWhenUnknownThenAProblemAndWhenUnsetThenNoProfile() {
        assertTrue(problems(OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "client").set(InitParam.PROFILE, "fapi1")).contains("profile must be"));
        OidcConfig plain = OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "client").build();
        assertEquals(Profile.NONE, plain.profile());
        assertFalse(LoginFlow.Settings.from(plain).issParameterRequired());
        assertEquals(DpopSettings.Mode.OFF, plain.dpop().mode());
    }
}
