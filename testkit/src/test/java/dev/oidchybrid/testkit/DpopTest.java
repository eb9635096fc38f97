package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DPoP at the token endpoint and at userinfo (RFC 9449). */
class DpopTest {

    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private static TokenVerifier verifier;
    private final DpopKey key = DpopKey.generate("ES256", CLOCK);
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).build().start();
        verifier = TokenVerifier.of(op, "RS256", CLOCK);
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void newBrowser() {
        op.faults().reset();
        client = new OpClient(op);
    }

    // --- token endpoint ---

    @Test
    void tokenWhenProofValidThenDpopTokenTypeAndAccessTokenBoundByCnfJkt() throws Exception {
        HttpResponse<String> response = exchange(key.proof("POST", tokenUrl()).sign());

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> body = OpClient.json(response);
        assertEquals("DPoP", body.get("token_type"));
        JwtClaims at = verifier.verify((String) body.get("access_token"), DevProvider.DEMO_CLIENT_ID);
        assertEquals(Map.of("jkt", key.thumbprint()), at.getClaimValue("cnf"));
        assertFalse(response.headers().firstValue("DPoP-Nonce").isPresent(), "no nonces unless required");
    }

    @Test
    void tokenWhenNoProofThenBearerAsBefore() {
        Map<String, Object> body = OpClient.json(exchange(null));

        assertEquals("Bearer", body.get("token_type"));
        assertFalse(verifier.verify((String) body.get("access_token"), DevProvider.DEMO_CLIENT_ID).hasClaim("cnf"));
    }

    @Test
    void tokenWhenProofForAnotherHtuThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("POST", op.issuer() + "/userinfo").sign()));
    }

    @Test
    void tokenWhenProofHtuDiffersOnlyByQueryOrDefaultCaseThenAccepted() {
        String upper = tokenUrl().replace("http://", "HTTP://") + "?x=1#f";
        assertEquals(200, exchange(key.proof("POST", upper).sign()).statusCode());
    }

    @Test
    void tokenWhenProofForAnotherHtmThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("GET", tokenUrl()).sign()));
    }

    @Test
    void tokenWhenProofIatStaleThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("POST", tokenUrl()).issuedAt(CLOCK.instant().minusSeconds(61)).sign()));
    }

    @Test
    void tokenWhenProofIatInTheFutureThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("POST", tokenUrl()).issuedAt(CLOCK.instant().plusSeconds(31)).sign()));
    }

    @Test
    void tokenWhenProofJtiReplayedThenInvalidDpopProof() {
        String proof = key.proof("POST", tokenUrl()).sign();
        assertEquals(200, exchange(proof).statusCode());
        client.forgetCookies();

        assertInvalidProof(exchange(proof));
    }

    @Test
    void tokenWhenProofWithoutJtiThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("POST", tokenUrl()).jti(null).sign()));
    }

    @Test
    void tokenWhenProofTypNotDpopJwtThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("POST", tokenUrl()).header("typ", "JWT").sign()));
    }

    @Test
    void tokenWhenProofAlgNotOnAllowListThenInvalidDpopProof() {
        DpopKey rsa = DpopKey.generate("RS256", CLOCK);

        assertInvalidProof(exchange(rsa.proof("POST", tokenUrl()).algorithm("RS384").sign()));
    }

    @Test
    void tokenWhenProofJwkHasPrivateKeyThenInvalidDpopProof() {
        assertInvalidProof(exchange(key.proof("POST", tokenUrl()).withPrivateJwk().sign()));
    }

    @Test
    void tokenWhenProofSignatureBrokenThenInvalidDpopProof() {
        assertInvalidProof(exchange(SigningKey.corruptSignature(key.proof("POST", tokenUrl()).sign())));
    }

    @Test
    void tokenWhenTwoDpopHeadersThenInvalidDpopProof() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);

        HttpResponse<String> response = client.postForm("/token", codeForm(front.get("code"), request),
                "Authorization", demoBasic(), "DPoP", key.proof("POST", tokenUrl()).sign(),
                "DPoP", key.proof("POST", tokenUrl()).sign());

        assertInvalidProof(response);
    }

    @Test
    void tokenWhenProofInvalidThenCodeNotSpentAndAValidRetryWorks() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        Map<String, String> form = codeForm(front.get("code"), request);

        assertInvalidProof(client.postForm("/token", form, "Authorization", demoBasic(),
                "DPoP", key.proof("GET", tokenUrl()).sign()));
        HttpResponse<String> retry = client.postForm("/token", form, "Authorization", demoBasic(),
                "DPoP", key.proof("POST", tokenUrl()).sign());

        assertEquals(200, retry.statusCode(), retry.body());
    }

    @Test
    void refreshWhenBoundAndProofWithSameKeyThenNewDpopTokens() {
        Map<String, Object> first = OpClient.json(exchange(key.proof("POST", tokenUrl()).sign()));

        HttpResponse<String> response = refresh((String) first.get("refresh_token"), key.proof("POST", tokenUrl()).sign());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("DPoP", OpClient.json(response).get("token_type"));
    }

    @Test
    void refreshWhenBoundAndNoProofThenInvalidDpopProofAndTokenNotSpent() {
        Map<String, Object> first = OpClient.json(exchange(key.proof("POST", tokenUrl()).sign()));
        String refreshToken = (String) first.get("refresh_token");

        assertInvalidProof(refresh(refreshToken, null));
        assertEquals(200, refresh(refreshToken, key.proof("POST", tokenUrl()).sign()).statusCode());
    }

    @Test
    void refreshWhenBoundAndProofWithAnotherKeyThenInvalidGrant() {
        Map<String, Object> first = OpClient.json(exchange(key.proof("POST", tokenUrl()).sign()));
        DpopKey other = DpopKey.generate("ES256", CLOCK);

        HttpResponse<String> response = refresh((String) first.get("refresh_token"),
                other.proof("POST", tokenUrl()).sign());

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_grant", OpClient.json(response).get("error"));
    }

    @Test
    void tokenWhenIgnoreDpopFaultThenBearerDowngrade() {
        op.faults().ignoreDpopProofs(true);

        Map<String, Object> body = OpClient.json(exchange(key.proof("POST", tokenUrl()).sign()));

        assertEquals("Bearer", body.get("token_type"));
        assertFalse(verifier.verify((String) body.get("access_token"), DevProvider.DEMO_CLIENT_ID).hasClaim("cnf"));
    }

    // --- userinfo ---

    @Test
    void userinfoWhenDpopTokenWithValidProofThenClaims() {
        String token = dpopToken();

        assertEquals(200, userinfo("GET", "DPoP " + token, key.proof("GET", userinfoUrl()).accessToken(token).sign())
                .statusCode());
        assertEquals(200, userinfo("POST", "DPoP " + token, key.proof("POST", userinfoUrl()).accessToken(token).sign())
                .statusCode());
    }

    @Test
    void userinfoWhenBoundTokenPresentedAsBearerThen401InvalidToken() {
        String token = dpopToken();

        HttpResponse<String> response = userinfo("GET", "Bearer " + token, null);

        assertChallenge(response, "invalid_token");
    }

    @Test
    void userinfoWhenBoundTokenAsBearerEvenWithProofThen401InvalidToken() {
        String token = dpopToken();

        assertChallenge(userinfo("GET", "Bearer " + token, key.proof("GET", userinfoUrl()).accessToken(token).sign()),
                "invalid_token");
    }

    @Test
    void userinfoWhenProofAthWrongThen401InvalidDpopProof() {
        String token = dpopToken();

        assertChallenge(userinfo("GET", "DPoP " + token, key.proof("GET", userinfoUrl()).accessToken(token + "x").sign()),
                "invalid_dpop_proof");
        assertChallenge(userinfo("GET", "DPoP " + token, key.proof("GET", userinfoUrl()).sign()), "invalid_dpop_proof");
    }

    @Test
    void userinfoWhenProofForAnotherHtuOrHtmThen401InvalidDpopProof() {
        String token = dpopToken();

        assertChallenge(userinfo("GET", "DPoP " + token, key.proof("GET", tokenUrl()).accessToken(token).sign()),
                "invalid_dpop_proof");
        assertChallenge(userinfo("GET", "DPoP " + token, key.proof("POST", userinfoUrl()).accessToken(token).sign()),
                "invalid_dpop_proof");
    }

    @Test
    void userinfoWhenProofReplayedThen401InvalidDpopProof() {
        String token = dpopToken();
        String proof = key.proof("GET", userinfoUrl()).accessToken(token).sign();
        assertEquals(200, userinfo("GET", "DPoP " + token, proof).statusCode());

        assertChallenge(userinfo("GET", "DPoP " + token, proof), "invalid_dpop_proof");
    }

    @Test
    void userinfoWhenProofMadeWithAnotherKeyThen401InvalidDpopProof() {
        String token = dpopToken();
        DpopKey other = DpopKey.generate("ES256", CLOCK);

        assertChallenge(userinfo("GET", "DPoP " + token, other.proof("GET", userinfoUrl()).accessToken(token).sign()),
                "invalid_dpop_proof");
    }

    @Test
    void userinfoWhenDpopSchemeWithoutProofThen401InvalidDpopProof() {
        assertChallenge(userinfo("GET", "DPoP " + dpopToken(), null), "invalid_dpop_proof");
    }

    @Test
    void userinfoWhenUnboundTokenWithDpopSchemeThen401InvalidToken() {
        String token = (String) OpClient.json(exchange(null)).get("access_token");

        assertChallenge(userinfo("GET", "DPoP " + token, key.proof("GET", userinfoUrl()).accessToken(token).sign()),
                "invalid_token");
    }

    @Test
    void accessTokenWhenMintedWithJktThenUsableWithDpopOnlyAtUserinfo() {
        String token = op.accessToken(DemoUser.bob(), null, List.of("openid"), key.thumbprint());

        assertEquals(200, userinfo("GET", "DPoP " + token, key.proof("GET", userinfoUrl()).accessToken(token).sign())
                .statusCode());
        assertChallenge(userinfo("GET", "Bearer " + token, null), "invalid_token");
        assertNull(verifier.verify(op.accessToken(DemoUser.bob(), null, List.of("openid")), DevProvider.DEMO_CLIENT_ID)
                .getClaimValue("cnf"));
    }

    @Test
    void discoveryWhenRequestedThenAdvertisesDpopAlgorithms() {
        assertEquals(List.of("RS256", "PS256", "ES256", "EdDSA"),
                OpClient.json(client.get("/.well-known/openid-configuration")).get("dpop_signing_alg_values_supported"));
    }

    // --- nonces ---

    @Test
    void nonceFlowWhenRequiredThenUseDpopNonceFirstAndProofsWithTheNonceAccepted() {
        try (DevProvider strict = DevProvider.builder().clock(CLOCK).requireDpopNonce(true).build().start()) {
            OpClient browser = new OpClient(strict);
            String tokenUrl = strict.issuer() + "/token";
            AuthRequest request = AuthRequest.valid();
            Map<String, String> front = browser.signIn(request);
            Map<String, String> form = codeForm(front.get("code"), request);

            HttpResponse<String> first = browser.postForm("/token", form, "Authorization", demoBasic(),
                    "DPoP", key.proof("POST", tokenUrl).sign());
            assertEquals(400, first.statusCode(), first.body());
            assertEquals("use_dpop_nonce", OpClient.json(first).get("error"));
            String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();

            HttpResponse<String> second = browser.postForm("/token", form, "Authorization", demoBasic(),
                    "DPoP", key.proof("POST", tokenUrl).nonce(nonce).sign());
            assertEquals(200, second.statusCode(), second.body());
            assertNotNull(second.headers().firstValue("DPoP-Nonce").orElse(null));
            String token = (String) OpClient.json(second).get("access_token");

            String userinfoUrl = strict.issuer() + "/userinfo";
            HttpResponse<String> withoutNonce = send(strict, "GET", "DPoP " + token,
                    key.proof("GET", userinfoUrl).accessToken(token).sign());
            assertChallenge(withoutNonce, "use_dpop_nonce");
            String rsNonce = withoutNonce.headers().firstValue("DPoP-Nonce").orElseThrow();
            assertEquals(200, send(strict, "GET", "DPoP " + token,
                    key.proof("GET", userinfoUrl).accessToken(token).nonce(rsNonce).sign()).statusCode());

            assertEquals("use_dpop_nonce", OpClient.json(browser.postForm("/token", form, "Authorization", demoBasic(),
                    "DPoP", key.proof("POST", tokenUrl).nonce("made-up").sign())).get("error"));
        }
    }

    @Test
    void nonceWhenOlderThanItsLifetimeThenUseDpopNonceAgain() {
        try (DevProvider strict = DevProvider.builder().clock(CLOCK).requireDpopNonce(true).build().start()) {
            OpClient browser = new OpClient(strict);
            String tokenUrl = strict.issuer() + "/token";
            Map<String, String> form = Map.of("grant_type", "refresh_token", "refresh_token", "x");
            String nonce = browser.postForm("/token", form, "Authorization", demoBasic(),
                    "DPoP", key.proof("POST", tokenUrl).sign()).headers().firstValue("DPoP-Nonce").orElseThrow();
            CLOCK.advance(DpopNonces.LIFETIME);

            HttpResponse<String> stale = browser.postForm("/token", form, "Authorization", demoBasic(),
                    "DPoP", key.proof("POST", tokenUrl).nonce(nonce).sign());

            assertEquals("use_dpop_nonce", OpClient.json(stale).get("error"));
            assertFalse(nonce.equals(stale.headers().firstValue("DPoP-Nonce").orElseThrow()));
        }
    }

    @Test
    void rejectEveryNonceFaultWhenSetThenEveryProofGetsUseDpopNonce() {
        op.faults().rejectEveryDpopNonce(true);

        HttpResponse<String> response = exchange(key.proof("POST", tokenUrl()).nonce("anything").sign());

        assertEquals(400, response.statusCode());
        assertEquals("use_dpop_nonce", OpClient.json(response).get("error"));
        assertTrue(response.headers().firstValue("DPoP-Nonce").isPresent());
    }

    @Test
    void normalizeWhenDefaultPortCaseQueryFragmentThenIgnored() {
        assertEquals("https://op.example/token", DpopProofVerifier.normalize("HTTPS://OP.example:443/token?a=b#c"));
        assertEquals("http://op.example:8080/", DpopProofVerifier.normalize("http://op.example:8080"));
        assertNull(DpopProofVerifier.normalize("/token"));
    }

    // --- helpers ---

    private String dpopToken() {
        Map<String, Object> body = OpClient.json(exchange(key.proof("POST", tokenUrl()).sign()));
        assertEquals("DPoP", body.get("token_type"));
        return (String) body.get("access_token");
    }

    private HttpResponse<String> exchange(String proof) {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        Map<String, String> form = codeForm(front.get("code"), request);
        return proof == null ? client.postForm("/token", form, "Authorization", demoBasic())
                : client.postForm("/token", form, "Authorization", demoBasic(), "DPoP", proof);
    }

    private HttpResponse<String> refresh(String refreshToken, String proof) {
        Map<String, String> form = Map.of("grant_type", "refresh_token", "refresh_token", refreshToken);
        return proof == null ? client.postForm("/token", form, "Authorization", demoBasic())
                : client.postForm("/token", form, "Authorization", demoBasic(), "DPoP", proof);
    }

    private HttpResponse<String> userinfo(String method, String authorization, String proof) {
        return send(op, method, authorization, proof);
    }

    private static HttpResponse<String> send(DevProvider provider, String method, String authorization, String proof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.issuer() + "/userinfo"))
                .header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return new OpClient(provider).send(request);
    }

    private static Map<String, String> codeForm(String code, AuthRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", request.redirectUri());
        form.put("code_verifier", request.verifier);
        return form;
    }

    private static String demoBasic() {
        return OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET);
    }

    private static String tokenUrl() {
        return op.issuer() + "/token";
    }

    private static String userinfoUrl() {
        return op.issuer() + "/userinfo";
    }

    private static void assertInvalidProof(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_dpop_proof", OpClient.json(response).get("error"), response.body());
    }

    private static void assertChallenge(HttpResponse<String> response, String error) {
        assertEquals(401, response.statusCode(), response.body());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("DPoP "), challenge);
        assertTrue(challenge.contains("error=\"" + error + "\""), challenge);
        assertTrue(challenge.contains("algs=\"RS256 PS256 ES256 EdDSA\""), challenge);
    }
}
