package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-check's pushed-authorization rules (RFC 9126 §5): each mismatch is one ERROR saying what to change. */
class SelfCheckParTest {

    private static final String ISSUER = "https://op.example.com/";

    private static List<Finding> check(String par, String parEndpoint, boolean required) {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, "c")
                .set(InitParam.CLIENT_SECRET, "s3cret-s3cret").set(InitParam.PAR, par).build();
        ProviderMetadata provider = new ProviderMetadata(ISSUER, ISSUER + "authorize", ISSUER + "token",
                ISSUER + "jwks", ISSUER + "userinfo", ISSUER + "logout", List.of("code id_token"),
                List.of("form_post"), List.of("S256"), List.of("RS256"), List.of("client_secret_basic"), List.of(), true,
                List.of(), List.of("authorization_code"), List.of(), true, Set.of(), parEndpoint, required);
        return SelfCheck.check(config, provider).stream().filter(f -> f.subject().equals("par")).toList();
    }

    @Test
    void checkWhenParTrueWithoutParEndpointThenError() {
        List<Finding> findings = check("true", null, false);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("pushed_authorization_request_endpoint"), findings.toString());
    }

    @Test
    void checkWhenProviderRequiresParAndParFalseThenError() {
        List<Finding> findings = check("false", ISSUER + "par", true);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("set par=auto"), findings.toString());
    }

    @Test
    void checkWhenProviderRequiresParWithoutEndpointThenError() {
        assertEquals(Severity.ERROR, check("auto", null, true).get(0).severity());
    }

    @Test
    void checkWhenParSettingFitsTheProviderThenNoFinding() {
        assertEquals(List.of(), check("auto", ISSUER + "par", true));
        assertEquals(List.of(), check("auto", null, false));
        assertEquals(List.of(), check("true", ISSUER + "par", false));
        assertEquals(List.of(), check("false", ISSUER + "par", false));
        assertEquals(List.of(), check("false", null, false));
    }
}
