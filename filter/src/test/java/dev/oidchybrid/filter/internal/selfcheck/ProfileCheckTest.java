package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.testing.TestClientKeys;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileCheckTest {

    private static ProviderMetadata provider(boolean issParameter, Set<String> advertised) {
        return new ProviderMetadata("https://op", "https://op/a", "https://op/t", "https://op/j", null, null,
                List.of("code"), List.of("form_post"), List.of("S256"), List.of("ES256"),
                List.of("private_key_jwt"), List.of("ES256"), issParameter, List.of("openid"),
                List.of("authorization_code"), List.of(), false, advertised, "https://op/par", true);
    }

    private static List<Finding> findings(OidcConfig config, ProviderMetadata provider) {
        List<Finding> findings = new java.util.ArrayList<>();
        ProfileCheck.check(config, provider, findings);
        return findings;
    }

    private static OidcConfig.Builder base() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op").set(InitParam.CLIENT_ID, "c");
    }

    @Test
    void checkWhenDpopButTheProviderAdvertisesNoDpopAlgorithmsThenAWarning() {
        List<Finding> found = findings(base().set(InitParam.DPOP, "true").build(), provider(true, Set.of()));
        assertEquals(1, found.size());
        assertEquals(Finding.Severity.WARNING, found.get(0).severity());
        assertTrue(found.get(0).message().contains("dpop_signing_alg_values_supported"));
    }

    @Test
    void checkWhenDpopAndAdvertisedOrDpopOffThenNothing() {
        assertEquals(List.of(), findings(base().set(InitParam.DPOP, "true").build(),
                provider(true, Set.of("dpop_signing_alg_values_supported"))));
        assertEquals(List.of(), findings(base().build(), provider(false, Set.of())));
    }

    @Test
    void checkWhenFapi2AndNoIssParameterThenAnError() throws Exception {
        String pem = TestClientKeys.pem(TestClientKeys.ecKey());
        OidcConfig fapi2 = base().set(InitParam.PROFILE, "fapi2").set(InitParam.CLIENT_KEY, pem).build();
        List<Finding> found = findings(fapi2, provider(false, Set.of("dpop_signing_alg_values_supported")));
        assertEquals(1, found.size());
        assertEquals(Finding.Severity.ERROR, found.get(0).severity());
        assertTrue(found.get(0).message().contains("authorization_response_iss_parameter_supported"));
        assertEquals(Finding.Severity.ERROR, findings(fapi2, provider(true, Set.of())).get(0).severity(),
                "without DPoP at the provider, fapi2 cannot log in");
    }
}
