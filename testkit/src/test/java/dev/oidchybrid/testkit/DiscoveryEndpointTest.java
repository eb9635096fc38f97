package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscoveryEndpointTest {

    private static DevProvider op;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.startDefault();
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void reset() {
        op.faults().reset();
        client = new OpClient(op);
    }

    @Test
    void discoveryWhenRequestedThenAdvertisesEndpointsAndCapabilities() {
        HttpResponse<String> response = client.get("/.well-known/openid-configuration");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> doc = OpClient.json(response);
        String issuer = op.issuer();
        assertEquals(issuer, doc.get("issuer"));
        assertEquals(issuer + "/authorize", doc.get("authorization_endpoint"));
        assertEquals(issuer + "/token", doc.get("token_endpoint"));
        assertEquals(issuer + "/userinfo", doc.get("userinfo_endpoint"));
        assertEquals(issuer + "/jwks", doc.get("jwks_uri"));
        assertEquals(issuer + "/end_session", doc.get("end_session_endpoint"));
        assertEquals(List.of("code", "code id_token", "code token", "code id_token token"),
                doc.get("response_types_supported"));
        assertEquals(List.of("query", "fragment", "form_post"), doc.get("response_modes_supported"));
        assertEquals(List.of("authorization_code", "refresh_token"), doc.get("grant_types_supported"));
        assertEquals(List.of("public"), doc.get("subject_types_supported"));
        assertEquals(List.of("RS256"), doc.get("id_token_signing_alg_values_supported"));
        assertEquals(List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"),
                doc.get("token_endpoint_auth_methods_supported"));
        assertEquals(List.of("RS256", "PS256", "ES256", "EdDSA", "HS256"),
                doc.get("token_endpoint_auth_signing_alg_values_supported"));
        assertEquals(List.of("S256"), doc.get("code_challenge_methods_supported"));
        assertEquals(List.of("openid", "profile", "email", "offline_access"), doc.get("scopes_supported"));
        assertEquals(true, doc.get("authorization_response_iss_parameter_supported"));
        assertEquals(true, doc.get("backchannel_logout_supported"));
        assertEquals(true, doc.get("backchannel_logout_session_supported"));
        @SuppressWarnings("unchecked")
        List<String> claims = (List<String>) doc.get("claims_supported");
        assertTrue(claims.containsAll(List.of("sub", "iss", "aud", "nonce", "auth_time", "name", "email",
                "email_verified", DevProvider.ROLES_CLAIM)), claims::toString);
    }

    @Test
    void discoveryWhenIssuerOverriddenThenAdvertisesOverrideOnly() {
        op.faults().discoveryIssuerOverride("https://evil.example");

        Map<String, Object> doc = OpClient.json(client.get("/.well-known/openid-configuration"));

        assertEquals("https://evil.example", doc.get("issuer"));
        assertEquals(op.issuer() + "/token", doc.get("token_endpoint"));
    }

    @Test
    void discoveryWhenUnavailableThenAnswers503() {
        op.faults().discoveryUnavailable(true);

        assertEquals(503, client.get("/.well-known/openid-configuration").statusCode());

        op.faults().discoveryUnavailable(false);
        assertEquals(200, client.get("/.well-known/openid-configuration").statusCode());
    }

    @Test
    void scopesSupportedWhenBuilderAddsApiScopesThenAdvertisedAfterTheStandardOnes() {
        try (DevProvider withApi = DevProvider.builder().scopesSupported("read:appointments", "openid").start()) {
            Map<String, Object> doc = OpClient.json(new OpClient(withApi).get("/.well-known/openid-configuration"));

            assertEquals(List.of("openid", "profile", "email", "offline_access", "read:appointments"),
                    doc.get("scopes_supported"));
        }
    }

    @Test
    void scopesSupportedWhenNotAScopeTokenThenRefused() {
        DevProvider.Builder builder = DevProvider.builder();
        for (String bad : List.of("", "two words", "quote\"", "caf\u00e9")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> builder.scopesSupported(bad), bad);
        }
    }
}
