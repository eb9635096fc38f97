package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JwksEndpointTest {

    @Test
    void jwksWhenRequestedThenPublishesOnePublicSigningKey() {
        try (DevProvider op = DevProvider.startDefault()) {
            HttpResponse<String> response = new OpClient(op).get("/jwks");

            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> keys = (List<Map<String, Object>>) OpClient.json(response).get("keys");
            assertEquals(1, keys.size());
            Map<String, Object> key = keys.get(0);
            assertEquals("RSA", key.get("kty"));
            assertEquals("sig", key.get("use"));
            assertEquals("RS256", key.get("alg"));
            assertNotNull(key.get("kid"));
            assertNotNull(key.get("n"));
            assertFalse(key.containsKey("d"), "private key leaked");
            assertFalse(key.containsKey("p"), "private key leaked");
        }
    }

    @ParameterizedTest
    @CsvSource({"RS256, RSA", "PS256, RSA", "ES256, EC", "EdDSA, OKP"})
    void signingWhenAlgorithmConfiguredThenTokensVerifyAgainstJwks(String algorithm, String keyType)
            throws MalformedClaimException {
        try (DevProvider op = DevProvider.builder().signingAlgorithm(algorithm).build().start()) {
            OpClient client = new OpClient(op);
            Map<String, Object> doc = OpClient.json(client.get("/.well-known/openid-configuration"));
            assertEquals(List.of(algorithm), doc.get("id_token_signing_alg_values_supported"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> keys = (List<Map<String, Object>>) OpClient.json(client.get("/jwks")).get("keys");
            assertEquals(keyType, keys.get(0).get("kty"));
            assertFalse(keys.get(0).containsKey("d"), "private key leaked");

            AuthRequest request = AuthRequest.valid().with("response_type", "code id_token token")
                    .with("response_mode", "form_post");
            Map<String, String> front = client.signIn(request);
            TokenVerifier verifier = TokenVerifier.of(op, algorithm, Clock.systemUTC());
            JwtContext idToken = verifier.context(front.get("id_token"), DevProvider.DEMO_CLIENT_ID);
            assertEquals(keys.get(0).get("kid"), idToken.getJoseObjects().get(0).getKeyIdHeaderValue());
            JwtClaims claims = idToken.getJwtClaims();
            assertEquals(TokenVerifier.halfHash(algorithm, front.get("code")), claims.getClaimValue("c_hash"));
            assertEquals(TokenVerifier.halfHash(algorithm, front.get("access_token")),
                    claims.getClaimValue("at_hash"));

            HttpResponse<String> tokens = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);
            Map<String, Object> body = OpClient.json(tokens);
            verifier.verify((String) body.get("id_token"), DevProvider.DEMO_CLIENT_ID);
            verifier.verify((String) body.get("access_token"), DevProvider.DEMO_CLIENT_ID);
        }
    }
}
