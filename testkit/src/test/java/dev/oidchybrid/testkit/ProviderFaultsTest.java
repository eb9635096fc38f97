package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderFaultsTest {

    private static DevProvider op;
    private static TokenVerifier verifier;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.startDefault();
        verifier = TokenVerifier.of(op, "RS256", Clock.systemUTC());
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
    void idTokenCustomizerWhenSetThenSeesEveryStageAndChangesTheSignedToken() {
        List<TokenStage> stages = new CopyOnWriteArrayList<>();
        op.faults().idTokenCustomizer((stage, claims) -> {
            stages.add(stage);
            claims.unsetClaim("nonce");
            claims.setClaim("stage", stage.name());
        });
        AuthRequest request = AuthRequest.valid().with("response_type", "code id_token");

        Map<String, String> front = client.signIn(request);
        Map<String, Object> tokens = OpClient.json(
                client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier));
        Map<String, Object> refreshed = OpClient.json(client.refresh((String) tokens.get("refresh_token"), null));

        assertEquals(List.of(TokenStage.FRONT_CHANNEL, TokenStage.TOKEN_ENDPOINT, TokenStage.REFRESH), stages);
        JwtClaims frontClaims = verifier.verify(front.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertFalse(frontClaims.hasClaim("nonce"));
        assertEquals("FRONT_CHANNEL", frontClaims.getClaimValue("stage"));
        assertEquals("TOKEN_ENDPOINT", verifier.verify((String) tokens.get("id_token"), DevProvider.DEMO_CLIENT_ID)
                .getClaimValue("stage"));
        assertEquals("REFRESH", verifier.verify((String) refreshed.get("id_token"), DevProvider.DEMO_CLIENT_ID)
                .getClaimValue("stage"));
    }

    @Test
    void idTokenCustomizerWhenThrowingThenTokenEndpointAnswers500WithoutDetails() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        op.faults().idTokenCustomizer((stage, claims) -> {
            throw new IllegalStateException("secret internals");
        });

        Logger log = Logger.getLogger("dev.oidchybrid.testkit");
        Level level = log.getLevel();
        log.setLevel(Level.OFF); // the failure is expected; keep the build output clean
        HttpResponse<String> response;
        try {
            response = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);
        } finally {
            log.setLevel(level);
        }

        assertEquals(500, response.statusCode());
        assertEquals(Map.of("error", "server_error"), OpClient.json(response));
        assertFalse(response.body().contains("secret internals"));
    }

    @Test
    void tokenEndpointErrorWhenSetThenAnswersThatStatusAndCode() {
        op.faults().tokenEndpointError(503, "temporarily_unavailable");

        HttpResponse<String> response = client.exchangeCode("any", AuthRequest.REDIRECT_URI, "any");

        assertEquals(503, response.statusCode());
        assertEquals(Map.of("error", "temporarily_unavailable"), OpClient.json(response));
    }

    @Test
    void tokenEndpointUnavailableWhenSwitchedOnThen503WithRetryAfterAndWhenOffAgainGrantsAsBefore() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        op.faults().tokenEndpointUnavailable(true).omitRefreshIdToken(true);

        HttpResponse<String> down = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);

        assertEquals(503, down.statusCode());
        assertEquals(Map.of("error", "temporarily_unavailable"), OpClient.json(down));
        assertEquals("1", down.headers().firstValue("Retry-After").orElse(null));
        op.faults().tokenEndpointUnavailable(false);
        HttpResponse<String> back = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);
        assertEquals(200, back.statusCode(), back.body());
        assertTrue(op.faults().omitRefreshIdToken(), "the other faults stay");
    }

    @Test
    void jwksUnavailableWhenSwitchedOnThen503WithRetryAfterAndWhenOffAgainTheKeySet() {
        op.faults().jwksUnavailable(true);

        HttpResponse<String> down = client.get("/jwks");

        assertEquals(503, down.statusCode());
        assertEquals("1", down.headers().firstValue("Retry-After").orElse(null));
        op.faults().jwksUnavailable(false);
        HttpResponse<String> back = client.get("/jwks");
        assertEquals(200, back.statusCode());
        assertTrue(OpClient.json(back).containsKey("keys"));
    }

    @Test
    void tokenEndpointDelayWhenSetThenAnswersAfterTheDelay() {
        op.faults().tokenEndpointDelay(Duration.ofMillis(300));
        long start = System.nanoTime();

        HttpResponse<String> response = client.exchangeCode("any", AuthRequest.REDIRECT_URI, "any");

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
        assertEquals("invalid_grant", OpClient.json(response).get("error"));
    }

    @Test
    void jwksExtraEntriesWhenSetThenAppendedVerbatimAfterTheSigningKey() {
        String unknownType = "{\"kty\":\"XYZ\",\"kid\":\"x\"}";
        String encryptionKey = "{\"kty\":\"oct\",\"use\":\"enc\",\"kid\":\"e\",\"k\":\"AAAA\"}";
        op.faults().jwksExtraEntries(unknownType, encryptionKey);

        HttpResponse<String> jwks = client.get("/jwks");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) OpClient.json(jwks).get("keys");
        assertEquals(3, keys.size());
        assertEquals("sig", keys.get(0).get("use"));
        assertTrue(jwks.body().endsWith("," + unknownType + "," + encryptionKey + "]}"), jwks.body());
        op.faults().jwksExtraEntries();
        assertEquals(1, ((List<?>) OpClient.json(client.get("/jwks")).get("keys")).size());
    }

    @Test
    void jwksExtraEntriesWhenNotAJsonObjectThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> op.faults().jwksExtraEntries("{\"kty\":"));
        assertThrows(IllegalArgumentException.class, () -> op.faults().jwksExtraEntries("[1]"));
    }

    @Test
    void authorizationResponseIssWhenSetThenSuccessAndErrorResponsesCarryIt() {
        op.faults().authorizationResponseIss("https://attacker.example");

        Map<String, String> success = client.signIn(AuthRequest.valid().with("response_mode", "form_post"));
        Map<String, String> error = OpClient.responseParams(
                client.authorize(AuthRequest.valid().with("prompt", "none").with("max_age", "0")));

        assertEquals("https://attacker.example", success.get("iss"));
        assertTrue(success.containsKey("code"));
        assertEquals("login_required", error.get("error"));
        assertEquals("https://attacker.example", error.get("iss"));
    }

    @Test
    void omitAuthorizationResponseIssWhenSetThenNoIssAlthoughDiscoveryAdvertisesIt() {
        op.faults().authorizationResponseIss("https://attacker.example").omitAuthorizationResponseIss(true);

        Map<String, String> response = client.signIn(AuthRequest.valid());

        assertTrue(response.containsKey("code"));
        assertFalse(response.containsKey("iss"), response.toString());
        assertEquals(true, OpClient.json(client.get("/.well-known/openid-configuration"))
                .get("authorization_response_iss_parameter_supported"));
    }

    @Test
    void authorizationResponseOverrideWhenSetThenSeesFinalParametersAndItsResultIsSent() {
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        op.faults().authorizationResponseIss("https://other.example").authorizationResponseOverride(params -> {
            seen.add(Map.copyOf(params));
            params.remove("code");
            params.put("state", "replaced");
            params.put("extra", null);
            return params;
        });
        AuthRequest request = AuthRequest.valid().with("response_type", "code id_token")
                .with("response_mode", "form_post");

        Map<String, String> response = client.signIn(request);

        assertEquals(1, seen.size());
        assertEquals(request.state(), seen.get(0).get("state"));
        assertEquals("https://other.example", seen.get(0).get("iss"));
        assertTrue(seen.get(0).containsKey("code"));
        assertEquals(List.of("id_token", "state", "iss"), List.copyOf(response.keySet()));
        assertEquals("replaced", response.get("state"));
    }

    @Test
    void authorizationResponseOverrideWhenErrorResponseThenAppliedToo() {
        op.faults().authorizationResponseOverride(params -> Map.of("error", "server_error"));

        Map<String, String> error = OpClient.responseParams(
                client.authorize(AuthRequest.valid().with("prompt", "none")));

        assertEquals(Map.of("error", "server_error"), error);
    }

    @Test
    void resetWhenEveryFaultSetThenEveryFieldBackToItsDefault() throws IllegalAccessException {
        ProviderFaults faults = op.faults();
        faults.idTokenCustomizer((stage, claims) -> { })
                .signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.ALG_NONE)
                .jwksExtraEntries("{\"kty\":\"XYZ\"}")
                .authorizationResponseIss("https://other.example")
                .omitAuthorizationResponseIss(true)
                .omitRefreshIdToken(true)
                .authorizationResponseOverride(params -> params)
                .tokenEndpointError(500, "server_error")
                .tokenEndpointDelay(Duration.ofSeconds(1))
                .discoveryIssuerOverride("https://other.example")
                .discoveryUnavailable(true)
                .discoveryCustomizer(metadata -> { })
                .clientAssertionAudience(AssertionAudience.ISSUER)
                .parEndpointError(503, "temporarily_unavailable")
                .parEndpointDelay(Duration.ofSeconds(1))
                .ignoreDpopProofs(true)
                .rejectEveryDpopNonce(true)
                .unencryptedIdTokens(TokenStage.REFRESH)
                .idTokenEncryption("RSA1_5", "A256GCM")
                .acrOverride("pwd")
                .ignoreMaxAge(true)
                .tokenEndpointUnavailable(true)
                .jwksUnavailable(true);
        ProviderFaults defaults = new ProviderFaults(null);
        List<Field> fields = new ArrayList<>();
        for (Field field : ProviderFaults.class.getDeclaredFields()) {
            if (Modifier.isVolatile(field.getModifiers())) { // the switches; the final key store is no switch
                field.setAccessible(true);
                fields.add(field);
            }
        }
        for (Field field : fields) {
            assertNotEquals(field.get(defaults), field.get(faults), "this test must set fault " + field.getName());
        }

        faults.reset();

        for (Field field : fields) {
            assertEquals(field.get(defaults), field.get(faults), "reset() must restore " + field.getName());
        }
        assertEquals(23, fields.size(), "a new switch needs a line in this test");
    }
}
