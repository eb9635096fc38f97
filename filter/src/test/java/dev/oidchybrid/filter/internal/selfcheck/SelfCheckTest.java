package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per self-check rule: a provider that advertises everything passes; each gap is one finding. */
class SelfCheckTest {

    private static final String ISSUER = "https://op.example.com/";

    /** A provider that advertises everything the default configuration uses. */
    private static final class Doc {
        List<String> responseTypes = List.of("code", "code id_token", "id_token code token", "code token");
        List<String> responseModes = List.of("query", "fragment", "form_post");
        List<String> pkce = List.of("S256");
        List<String> algorithms = List.of("RS256");
        List<String> authMethods = List.of("client_secret_basic", "client_secret_post");
        List<String> authSigningAlgorithms = List.of();
        List<String> scopes = List.of("openid", "profile", "email", "offline_access");
        List<String> grants = List.of("authorization_code", "refresh_token");
        List<String> claims = List.of("sub", "email", "name");
        String userinfo = ISSUER + "userinfo";
        String endSession = ISSUER + "logout";
        boolean backchannel = true;
        Set<String> advertised = new HashSet<>(Set.of("response_types_supported", "response_modes_supported",
                "code_challenge_methods_supported", "id_token_signing_alg_values_supported",
                "token_endpoint_auth_methods_supported", "scopes_supported", "grant_types_supported",
                "claims_supported", "backchannel_logout_supported"));

        ProviderMetadata metadata() {
            return new ProviderMetadata(ISSUER, ISSUER + "authorize", ISSUER + "token", ISSUER + "jwks", userinfo,
                    endSession, responseTypes, responseModes, pkce, algorithms, authMethods, authSigningAlgorithms, true, scopes, grants,
                    claims, backchannel, advertised, null, false);
        }
    }

    private static OidcConfig config(Map<String, String> params) {
        OidcConfig.Builder builder = OidcConfig.builder().set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, "c")
                .set(InitParam.CLIENT_SECRET, "s3cret-s3cret");
        params.forEach((name, value) -> builder.set(java.util.Arrays.stream(InitParam.values())
                .filter(p -> p.paramName().equals(name)).findFirst().orElseThrow(), value));
        return builder.build();
    }

    private static List<Finding> check(Map<String, String> params, Consumer<Doc> change) {
        Doc doc = new Doc();
        change.accept(doc);
        return SelfCheck.check(config(params), doc.metadata());
    }

    private static Finding only(List<Finding> findings) {
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }

    private static final Map<String, String> PRIVATE_KEY_JWT = Map.of("client-auth", "private_key_jwt",
            "client-key", "file:/etc/app/key.pem");

    private static java.util.Optional<dev.oidchybrid.filter.internal.crypto.ClientKeys> key(String file) {
        try {
            return java.util.Optional.of(dev.oidchybrid.filter.internal.crypto.ClientKeys.parse(
                    java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/client-keys", file))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Finding> checkWithKey(String file, Consumer<Doc> change) {
        Doc doc = new Doc();
        doc.authMethods = List.of("client_secret_basic", "private_key_jwt");
        doc.authSigningAlgorithms = List.of("PS256", "ES256");
        change.accept(doc);
        return SelfCheck.check(config(PRIVATE_KEY_JWT), doc.metadata(), key(file));
    }

    @Test
    void checkWhenPrivateKeyJwtAndItsAlgorithmListedThenNoFindings() {
        assertEquals(List.of(), checkWithKey("ec-key.pem", d -> { }));
        assertEquals(List.of(), checkWithKey("rsa-key.pem", d -> { }));
    }

    @Test
    void checkWhenPrivateKeyJwtNotInAuthMethodsThenErrorOnClientAuth() {
        Finding f = only(checkWithKey("ec-key.pem", d -> d.authMethods = List.of("client_secret_basic")));
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("client-auth", f.subject());
        assertTrue(f.message().contains("'private_key_jwt' is not in"), f.message());
    }

    @Test
    void checkWhenTheProviderListsNoAlgorithmForTheKeyThenErrorOnClientKey() {
        Finding f = only(checkWithKey("ed25519-key.pem", d -> { }));
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("client-key", f.subject());
        assertTrue(f.message().contains("[PS256, ES256]") && f.message().contains("Ed25519"), f.message());
    }

    @Test
    void checkWhenSigningAlgorithmsNotAdvertisedThenWarningNamingTheOneUsed() {
        Finding f = only(checkWithKey("rsa-key.pem", d -> d.authSigningAlgorithms = List.of()));
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("RS256"), f.message());
    }

    @Test
    void checkWhenClientSecretJwtAndNoHs256ListedThenError() {
        Doc doc = new Doc();
        doc.authMethods = List.of("client_secret_jwt");
        doc.authSigningAlgorithms = List.of("RS256");
        Finding f = only(SelfCheck.check(config(Map.of("client-auth", "client_secret_jwt", "client-secret",
                "0123456789abcdef0123456789abcdef")), doc.metadata()));
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("HS256"), f.message());
    }

    @Test
    void checkWhenProviderAdvertisesEverythingThenNoFindings() {
        assertEquals(List.of(), check(Map.of(), d -> { }));
    }

    @Test
    void checkWhenResponseTypeNotSupportedThenErrorNamingTheSupportedOnes() {
        Finding f = only(check(Map.of(), d -> d.responseTypes = List.of("code")));
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("response-type", f.subject());
        assertTrue(f.message().contains("[code]"), f.message());
    }

    @Test
    void checkWhenResponseTypeListedInAnotherOrderThenAccepted() {
        assertEquals(List.of(), check(Map.of("response-type", "code id_token token"),
                d -> d.responseTypes = List.of("token id_token code")));
    }

    @Test
    void checkWhenFormPostNotInAdvertisedModesThenError() {
        Finding f = only(check(Map.of(), d -> d.responseModes = List.of("query", "fragment")));
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("form_post"), f.message());
    }

    @Test
    void checkWhenResponseModesNotAdvertisedThenWarning() {
        Finding f = only(check(Map.of(), d -> {
            d.responseModes = List.of("query", "fragment");
            d.advertised.remove("response_modes_supported");
        }));
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void checkWhenPkceAdvertisedWithoutS256ThenError() {
        Finding f = only(check(Map.of(), d -> d.pkce = List.of("plain")));
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("pkce", f.subject());
    }

    @Test
    void checkWhenPkceNotAdvertisedThenWarning() {
        Finding f = only(check(Map.of(), d -> {
            d.pkce = List.of();
            d.advertised.remove("code_challenge_methods_supported");
        }));
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void checkWhenClientAuthNotSupportedThenErrorNamingTheAlternative() {
        Finding f = only(check(Map.of(), d -> d.authMethods = List.of("client_secret_post")));
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("set client-auth to client_secret_post"), f.message());
    }

    @Test
    void checkWhenPublicClientAndProviderListsNoNoneMethodThenWarning() {
        OidcConfig publicClient = OidcConfig.builder().set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, "c")
                .build();
        Finding f = only(SelfCheck.check(publicClient, new Doc().metadata()));
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("client-secret", f.subject());
    }

    @Test
    void checkWhenNoAcceptedAlgorithmIsOfferedThenError() {
        Finding f = only(check(Map.of("id-token-algorithms", "ES256"), d -> { }));
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("add the provider's algorithm"), f.message());
    }

    @Test
    void checkWhenProviderSignsOnlyWithHmacThenErrorAskingForAnAsymmetricKey() {
        Finding f = only(check(Map.of(), d -> d.algorithms = List.of("HS256")));
        assertTrue(f.message().contains("asymmetric"), f.message());
    }

    @Test
    void checkWhenScopeNotListedThenInfo() {
        Finding f = only(check(Map.of("scope", "openid read:reports"), d -> { }));
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().contains("read:reports"), f.message());
    }

    @Test
    void checkWhenOfflineAccessWithoutRefreshGrantThenWarning() {
        Finding f = only(check(Map.of("scope", "openid offline_access"),
                d -> d.grants = List.of("authorization_code")));
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("refresh_token"), f.message());
    }

    @Test
    void checkWhenNoAuthorizationCodeGrantThenError() {
        Finding f = only(check(Map.of(), d -> d.grants = List.of("implicit")));
        assertEquals(Severity.ERROR, f.severity());
    }

    @Test
    void checkWhenUserinfoOnWithoutEndpointThenError() {
        Finding f = only(check(Map.of("userinfo", "true"), d -> d.userinfo = null));
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("userinfo", f.subject());
    }

    @Test
    void checkWhenNoEndSessionEndpointThenWarningThatLogoutIsLocalOnly() {
        Finding f = only(check(Map.of(), d -> d.endSession = null));
        assertEquals("logout-path", f.subject());
        assertTrue(f.message().contains("ends only the local session"), f.message());
    }

    @Test
    void checkWhenBackChannelLogoutNotAdvertisedThenWarning() {
        Finding f = only(check(Map.of(), d -> d.backchannel = false));
        assertEquals("backchannel-logout-path", f.subject());
    }

    @Test
    void checkWhenRolesClaimNotListedThenInfoButDottedPathsOfListedClaimsPass() {
        Finding f = only(check(Map.of("roles-claim", "https://example.com/roles"), d -> { }));
        assertEquals(Severity.INFO, f.severity());
        assertEquals("roles-claim", f.subject());
        assertEquals(List.of(), check(Map.of("roles-claim", "realm_access.roles"),
                d -> d.claims = List.of("sub", "realm_access")));
    }

    @Test
    void checkWhenBearerModeThenOnlyAlgorithmsMatter() {
        List<Finding> findings = check(Map.of("mode", "bearer", "audience", "api", "id-token-algorithms", "ES256"),
                d -> d.responseModes = List.of("query"));
        assertEquals("id-token-algorithms", only(findings).subject());
    }
}
