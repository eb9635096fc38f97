package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static final ClientRegistration ODD_CLIENT = new ClientRegistration("odd client:1/ü", "s%cr+t: é&=",
            List.of("http://localhost:9090/cb"));
    private static DevProvider op;
    private static TokenVerifier verifier;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).client(ClientRegistration.demo()).client(ODD_CLIENT).build().start();
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

    @Test
    void tokenWhenCodeAndVerifierValidThenReturnsVerifiableTokens() throws MalformedClaimException {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);

        HttpResponse<String> response = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> body = OpClient.json(response);
        assertEquals(List.of("access_token", "token_type", "expires_in", "id_token", "scope", "refresh_token"),
                List.copyOf(body.keySet()));
        assertEquals("Bearer", body.get("token_type"));
        assertEquals(300L, body.get("expires_in"));
        assertEquals("openid profile email offline_access", body.get("scope"));

        String accessToken = (String) body.get("access_token");
        JwtClaims id = verifier.verify((String) body.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertEquals(op.issuer(), id.getIssuer());
        assertEquals("alice-0001", id.getSubject());
        assertEquals(request.nonce(), id.getClaimValue("nonce"));
        assertEquals(DevProvider.DEMO_CLIENT_ID, id.getClaimValue("azp"));
        assertEquals(TokenVerifier.halfHash(accessToken), id.getClaimValue("at_hash"));
        assertFalse(id.hasClaim("c_hash"));
        assertEquals(CLOCK.instant().getEpochSecond(), id.getIssuedAt().getValue());
        assertEquals(CLOCK.instant().getEpochSecond() + 300, id.getExpirationTime().getValue());
        assertNotNull(id.getClaimValue("auth_time"));
        assertEquals("Alice Example", id.getClaimValue("name"));
        assertEquals("alice@example.com", id.getClaimValue("email"));
        assertEquals(List.of("admin", "user"), id.getClaimValue(DevProvider.ROLES_CLAIM));

        JwtContext access = verifier.context(accessToken, DevProvider.DEMO_CLIENT_ID);
        assertEquals("at+jwt", access.getJoseObjects().get(0).getHeader("typ"));
        JwtClaims at = access.getJwtClaims();
        assertEquals("alice-0001", at.getSubject());
        assertEquals(DevProvider.DEMO_CLIENT_ID, at.getClaimValue("client_id"));
        assertEquals("openid profile email offline_access", at.getClaimValue("scope"));
        assertNotNull(at.getJwtId());
    }

    @Test
    void tokenWhenClientSecretPostThenAccepted() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", front.get("code"));
        form.put("redirect_uri", request.redirectUri());
        form.put("code_verifier", request.verifier);
        form.put("client_id", DevProvider.DEMO_CLIENT_ID);
        form.put("client_secret", DevProvider.DEMO_CLIENT_SECRET);

        HttpResponse<String> response = client.postForm("/token", form);

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void tokenWhenBasicCredentialsNeedUrlEncodingThenDecodedPerRfc6749() {
        AuthRequest request = AuthRequest.valid().with("client_id", ODD_CLIENT.clientId())
                .with("redirect_uri", "http://localhost:9090/cb");
        Map<String, String> front = client.signIn(request);
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", front.get("code"),
                "redirect_uri", request.redirectUri(), "code_verifier", request.verifier);

        HttpResponse<String> response = client.postForm("/token", form,
                "Authorization", OpClient.basic(ODD_CLIENT.clientId(), ODD_CLIENT.clientSecret()));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void tokenWhenSecretWrongThen401InvalidClientWithBasicChallenge() {
        HttpResponse<String> response = client.postForm("/token", Map.of("grant_type", "authorization_code", "code", "x"),
                "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, "wrong"));

        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", OpClient.json(response).get("error"));
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    }

    @Test
    void tokenWhenPostedSecretWrongThen401InvalidClient() {
        HttpResponse<String> response = client.postForm("/token", Map.of("grant_type", "authorization_code",
                "code", "x", "client_id", DevProvider.DEMO_CLIENT_ID, "client_secret", "wrong"));

        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", OpClient.json(response).get("error"));
    }

    @Test
    void tokenWhenNoClientAuthenticationThen401InvalidClient() {
        HttpResponse<String> response = client.postForm("/token", Map.of("grant_type", "authorization_code", "code", "x",
                "client_id", DevProvider.DEMO_CLIENT_ID));

        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", OpClient.json(response).get("error"));
    }

    @Test
    void tokenWhenTwoAuthenticationMethodsThenInvalidRequest() {
        HttpResponse<String> response = client.postForm("/token", Map.of("grant_type", "authorization_code",
                "code", "x", "client_secret", DevProvider.DEMO_CLIENT_SECRET),
                "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET));

        assertEquals(400, response.statusCode());
        assertEquals("invalid_request", OpClient.json(response).get("error"));
    }

    @Test
    void tokenWhenVerifierWrongThenInvalidGrant() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);

        HttpResponse<String> response = client.exchangeCode(front.get("code"), request.redirectUri(),
                AuthRequest.valid().verifier);

        assertInvalidGrant(response);
    }

    @Test
    void tokenWhenVerifierMissingThenInvalidGrant() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);

        HttpResponse<String> response = client.tokenRequest(Map.of("grant_type", "authorization_code",
                "code", front.get("code"), "redirect_uri", request.redirectUri()));

        assertInvalidGrant(response);
    }

    @Test
    void tokenWhenRedirectUriDiffersThenInvalidGrant() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);

        assertInvalidGrant(client.exchangeCode(front.get("code"), "http://localhost:8080/other", request.verifier));
    }

    @Test
    void tokenWhenCodeIssuedToOtherClientThenInvalidGrant() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);

        HttpResponse<String> response = client.postForm("/token", Map.of("grant_type", "authorization_code",
                "code", front.get("code"), "redirect_uri", request.redirectUri(), "code_verifier", request.verifier),
                "Authorization", OpClient.basic(ODD_CLIENT.clientId(), ODD_CLIENT.clientSecret()));

        assertInvalidGrant(response);
    }

    @Test
    void tokenWhenCodeExpiredThenInvalidGrant() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        CLOCK.advance(Duration.ofSeconds(61));

        assertInvalidGrant(client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier));
    }

    @Test
    void tokenWhenCodeUnknownThenInvalidGrant() {
        assertInvalidGrant(client.exchangeCode("made-up", AuthRequest.REDIRECT_URI, AuthRequest.valid().verifier));
    }

    @Test
    void tokenWhenCodeReusedThenInvalidGrantAndTokensFromItRevoked() {
        AuthRequest request = AuthRequest.valid();
        Map<String, String> front = client.signIn(request);
        Map<String, Object> first = OpClient.json(
                client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier));
        assertEquals(200, client.userinfo((String) first.get("access_token")).statusCode());

        HttpResponse<String> second = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);

        assertInvalidGrant(second);
        assertEquals(401, client.userinfo((String) first.get("access_token")).statusCode());
        assertInvalidGrant(client.refresh((String) first.get("refresh_token"), null));
    }

    @Test
    void tokenWhenScopeLacksOfflineAccessThenNoRefreshToken() {
        Map<String, Object> body = client.signInAndExchange(AuthRequest.valid().with("scope", "openid profile"));

        assertFalse(body.containsKey("refresh_token"), body::toString);
        assertEquals("openid profile", body.get("scope"));
    }

    @Test
    void tokenWhenAudienceRequestedThenAccessTokenHasThatAudience() {
        Map<String, Object> body = client.signInAndExchange(AuthRequest.valid().with("audience", "https://api.example"));

        verifier.verify((String) body.get("access_token"), "https://api.example");
        verifier.verify((String) body.get("id_token"), DevProvider.DEMO_CLIENT_ID);
    }

    @Test
    void tokenWhenGrantTypeUnsupportedThenUnsupportedGrantType() {
        HttpResponse<String> response = client.tokenRequest(Map.of("grant_type", "password", "username", "alice"));

        assertEquals(400, response.statusCode());
        assertEquals("unsupported_grant_type", OpClient.json(response).get("error"));
    }

    @Test
    void tokenWhenGetThen405() {
        HttpResponse<String> response = client.get("/token");

        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void tokenWhenBodyNotFormEncodedThenInvalidRequest() {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(op.issuer() + "/token"))
                .header("Content-Type", "application/json")
                .header("Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"authorization_code\"}")));

        assertEquals(400, response.statusCode());
        assertEquals("invalid_request", OpClient.json(response).get("error"));
    }

    // --- refresh tokens ---

    @Test
    void refreshWhenValidThenRotatesAndIssuesNewTokens() throws MalformedClaimException {
        Map<String, Object> first = client.signInAndExchange(AuthRequest.valid());
        JwtClaims firstId = verifier.verify((String) first.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        CLOCK.advance(Duration.ofSeconds(30));

        HttpResponse<String> response = client.refresh((String) first.get("refresh_token"), null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        Map<String, Object> second = OpClient.json(response);
        assertNotEquals(first.get("refresh_token"), second.get("refresh_token"));
        assertNotEquals(first.get("access_token"), second.get("access_token"));
        JwtClaims id = verifier.verify((String) second.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertFalse(id.hasClaim("nonce"), "refreshed ID tokens carry no nonce");
        assertEquals(firstId.getSubject(), id.getSubject());
        assertEquals(firstId.getClaimValue("auth_time"), id.getClaimValue("auth_time"));
        assertEquals(firstId.getIssuedAt().getValue() + 30, id.getIssuedAt().getValue());
        assertEquals(TokenVerifier.halfHash((String) second.get("access_token")), id.getClaimValue("at_hash"));
        assertEquals(200, client.userinfo((String) second.get("access_token")).statusCode());
    }

    @Test
    void refreshWhenOmitRefreshIdTokenFaultThenNoIdTokenButNewAccessToken() {
        Map<String, Object> first = client.signInAndExchange(AuthRequest.valid());
        op.faults().omitRefreshIdToken(true);
        try {
            Map<String, Object> second = OpClient.json(client.refresh((String) first.get("refresh_token"), null));
            assertFalse(second.containsKey("id_token"), second::toString);
            assertNotEquals(first.get("access_token"), second.get("access_token"));
        } finally {
            op.faults().reset();
        }
    }

    @Test
    void refreshWhenRotatedTokenPresentedAgainThenInvalidGrantAndFamilyRevoked() {
        Map<String, Object> first = client.signInAndExchange(AuthRequest.valid());
        Map<String, Object> second = OpClient.json(client.refresh((String) first.get("refresh_token"), null));

        assertInvalidGrant(client.refresh((String) first.get("refresh_token"), null));

        assertInvalidGrant(client.refresh((String) second.get("refresh_token"), null));
        assertEquals(401, client.userinfo((String) second.get("access_token")).statusCode());
    }

    @Test
    void refreshWhenScopeNarrowedThenNarrowerTokens() {
        Map<String, Object> first = client.signInAndExchange(AuthRequest.valid());

        HttpResponse<String> response = client.refresh((String) first.get("refresh_token"), "openid email");

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> body = OpClient.json(response);
        assertEquals("openid email", body.get("scope"));
        JwtClaims id = verifier.verify((String) body.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertFalse(id.hasClaim("name"));
        assertTrue(id.hasClaim("email"));
        assertNotNull(body.get("refresh_token"));
    }

    @Test
    void refreshWhenScopeWidenedThenInvalidScopeAndTokenNotRotated() {
        Map<String, Object> first = client.signInAndExchange(AuthRequest.valid().with("scope", "openid offline_access"));

        HttpResponse<String> response = client.refresh((String) first.get("refresh_token"), "openid email");

        assertEquals(400, response.statusCode());
        assertEquals("invalid_scope", OpClient.json(response).get("error"));
        assertEquals(200, client.refresh((String) first.get("refresh_token"), null).statusCode());
    }

    @Test
    void refreshWhenOtherClientThenInvalidGrant() {
        Map<String, Object> first = client.signInAndExchange(AuthRequest.valid());

        HttpResponse<String> response = client.postForm("/token",
                Map.of("grant_type", "refresh_token", "refresh_token", (String) first.get("refresh_token")),
                "Authorization", OpClient.basic(ODD_CLIENT.clientId(), ODD_CLIENT.clientSecret()));

        assertInvalidGrant(response);
    }

    private static void assertInvalidGrant(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_grant", OpClient.json(response).get("error"), response.body());
    }
}
