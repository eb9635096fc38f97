package dev.oidchybrid.testkit.junit;

import static dev.oidchybrid.testkit.junit.OidcTestKitTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.DpopKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's options for high-security clients: PAR required, DPoP nonces, a private_key_jwt client. */
class OidcTestKitHighSecurityTest {

    private static final String JWK = DpopKey.generate("ES256").publicJwkJson();

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().requirePushedAuthorizationRequests(true).requireDpopNonce(true)
            .client(ClientRegistration.privateKeyJwt("fapi-client", JWK, List.of("http://localhost:*")))
            .systemProperties(false).build();

    @Test
    void systemPropertiesWhenClientHasNoSecretThenNoClientSecret() {
        Map<String, String> properties = oidc.systemProperties();

        assertEquals("fapi-client", properties.get("oidc.client-id"));
        assertFalse(properties.containsKey("oidc.client-secret"));
    }

    @Test
    void discoveryWhenParRequiredThenAdvertised() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(oidc.issuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(true, json(response.body()).get("require_pushed_authorization_requests"));
    }
}
