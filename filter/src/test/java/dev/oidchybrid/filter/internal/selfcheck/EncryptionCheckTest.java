package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;
import dev.oidchybrid.filter.testing.TestJwe;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-check of ID token encryption: the provider must encrypt with what id-token-decryption-key accepts. */
class EncryptionCheckTest {

    private static final String ISSUER = "https://op.example.com/";
    private static final DecryptionKeys RSA = DecryptionKeys.parse(TestJwe.privateJwks(TestJwe.rsa("r")));
    private static final DecryptionKeys EC = DecryptionKeys.parse(TestJwe.privateJwks(TestJwe.ec("e")));

    private static ProviderMetadata provider(List<String> algs, List<String> encs) {
        Set<String> advertised = new HashSet<>();
        if (algs != null) {
            advertised.add("id_token_encryption_alg_values_supported");
        }
        if (encs != null) {
            advertised.add("id_token_encryption_enc_values_supported");
        }
        return new ProviderMetadata(ISSUER, ISSUER + "authorize", ISSUER + "token", ISSUER + "jwks", null, null,
                List.of("code"), List.of("form_post"), List.of("S256"), List.of("RS256"), List.of("client_secret_basic"),
                List.of(), true, List.of(), List.of("authorization_code"), List.of(), false, advertised, null, false,
                algs == null ? List.of() : algs, encs == null ? List.of() : encs);
    }

    private static List<Finding> findings(Optional<DecryptionKeys> keys, ProviderMetadata provider) {
        List<Finding> findings = new java.util.ArrayList<>();
        EncryptionCheck.check(keys, provider, findings);
        return findings;
    }

    @Test
    void checkWhenProviderListsOurAlgorithmAndA256GcmThenNoFinding() {
        assertEquals(List.of(), findings(Optional.of(RSA), provider(List.of("RSA1_5", "RSA-OAEP-256"),
                List.of("A128CBC-HS256", "A256GCM"))));
    }

    @Test
    void checkWhenNoDecryptionKeyThenNothingChecked() {
        assertEquals(List.of(), findings(Optional.empty(), provider(null, null)));
    }

    @Test
    void checkWhenProviderListsNoneOfOurAlgorithmsThenError() {
        List<Finding> findings = findings(Optional.of(EC), provider(List.of("RSA-OAEP-256", "RSA1_5"),
                List.of("A256GCM")));
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("has none of [ECDH-ES+A256KW]"), findings.get(0).message());
    }

    @Test
    void checkWhenProviderListsNoA256GcmThenError() {
        List<Finding> findings = findings(Optional.of(RSA), provider(List.of("RSA-OAEP-256"),
                List.of("A128CBC-HS256")));
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("lacks A256GCM"), findings.get(0).message());
    }

    @Test
    void checkWhenProviderAdvertisesNoEncryptionThenTwoWarnings() {
        List<Finding> findings = findings(Optional.of(RSA), provider(null, null));
        assertEquals(List.of(Severity.WARNING, Severity.WARNING), findings.stream().map(Finding::severity).toList());
        assertTrue(findings.get(0).line().startsWith("WARNING id-token-decryption-key: "), findings.get(0).line());
    }

    @Test
    void selfCheckWhenDecryptionKeysGivenThenTheEncryptionFindingIsAmongTheResults() {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, "c")
                .set(InitParam.CLIENT_SECRET, "s3cret-s3cret").set(InitParam.RESPONSE_TYPE, "code").build();
        List<Finding> findings = SelfCheck.check(config, provider(List.of("ECDH-ES+A256KW"), List.of("A256GCM")),
                Optional.empty(), Optional.of(RSA));
        assertTrue(findings.stream().anyMatch(f -> f.severity() == Severity.ERROR
                && f.subject().equals("id-token-decryption-key")), findings.toString());
    }
}
