package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;
import dev.oidchybrid.filter.testing.TestClientKeys;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-check's request object rules (RFC 9101 §10.5): what fails every login is an ERROR saying what to change. */
class RequestObjectCheckTest {

    private static final String ISSUER = "https://op.example.com/";
    private static final KeyPair KEY = TestClientKeys.ecKey();

    private static List<Finding> check(String requestObject, String par, Set<String> advertised,
                                       boolean requestParameter, List<String> algorithms) {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, "c")
                .set(InitParam.CLIENT_AUTH, "private_key_jwt").set(InitParam.CLIENT_KEY, TestClientKeys.pem(KEY))
                .set(InitParam.PAR, par).set(InitParam.REQUEST_OBJECT, requestObject).build();
        ProviderMetadata provider = new ProviderMetadata(ISSUER, ISSUER + "authorize", ISSUER + "token",
                ISSUER + "jwks", ISSUER + "userinfo", ISSUER + "logout", List.of("code id_token"),
                List.of("form_post"), List.of("S256"), List.of("RS256"), List.of("private_key_jwt"), List.of(), true,
                List.of(), List.of("authorization_code"), List.of(), true, advertised, ISSUER + "par", false,
                requestParameter, algorithms);
        return SelfCheck.check(config, provider, Optional.of(ClientKeys.parse(TestClientKeys.pem(KEY)))).stream()
                .filter(f -> f.subject().equals("request-object")).toList();
    }

    private static final Set<String> ADVERTISED = Set.of("request_parameter_supported",
            "request_object_signing_alg_values_supported");

    @Test
    void checkWhenSignedAndProviderRefusesTheRequestParameterWithoutParThenError() {
        List<Finding> findings = check("signed", "false", ADVERTISED, false, List.of("ES256"));
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("set par=true"), findings.toString());
    }

    @Test
    void checkWhenSignedAndProviderRefusesTheRequestParameterButTheRequestIsPushedThenNoFinding() {
        assertEquals(List.of(), check("signed", "true", ADVERTISED, false, List.of("ES256")));
    }

    @Test
    void checkWhenSignedAndRequestParameterNotAdvertisedThenWarning() {
        List<Finding> findings = check("signed", "false", Set.of(), false, List.of("ES256"));
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.WARNING, findings.get(0).severity());
    }

    @Test
    void checkWhenSignedAndNoAlgorithmForTheKeyThenError() {
        List<Finding> findings = check("signed", "true", ADVERTISED, true, List.of("none", "RS256"));
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("lists no algorithm for the client's EC P-256 key"),
                findings.toString());
    }

    @Test
    void checkWhenSignedAndAlgorithmsNotAdvertisedThenWarningNamingTheAlgorithmUsed() {
        List<Finding> findings = check("signed", "false", Set.of("request_parameter_supported"), true, List.of());
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.WARNING, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("signed with ES256"), findings.toString());
    }

    @Test
    void checkWhenSignedAndProviderFitsThenNoFinding() {
        assertEquals(List.of(), check("signed", "false", ADVERTISED, true, List.of("RS256", "ES256")));
    }

    @Test
    void checkWhenRequestObjectNoneThenNoFindingWhateverTheProvider() {
        assertEquals(List.of(), check("none", "false", ADVERTISED, false, List.of("none")));
    }
}
