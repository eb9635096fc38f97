package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /par} and {@code request_uri} at {@code /authorize} (RFC 9126). */
class ParEndpointTest {

    private static final String PKJ = "par-pkj-client";
    private static final PublicJsonWebKey KEY = ClientAssertions.generateKey("ES256");
    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).client(ClientRegistration.demo())
                .privateKeyJwtClient(PKJ, ClientAssertions.jwks(KEY)).build().start();
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
    void parWhenValidThen201WithOneTimeRequestUriAndLifetime() {
        HttpResponse<String> response = push(AuthRequest.valid());

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        Map<String, Object> body = OpClient.json(response);
        assertTrue(((String) body.get("request_uri")).startsWith("urn:ietf:params:oauth:request_uri:"), response.body());
        assertEquals(60L, body.get("expires_in"));
    }

    @Test
    void authorizeWhenRequestUriPushedThenLoginAndCodeExchangeWork() {
        AuthRequest request = AuthRequest.valid();
        String requestUri = requestUri(push(request));

        Map<String, String> front = client.signIn(byReference(DevProvider.DEMO_CLIENT_ID, requestUri));

        assertEquals(request.state(), front.get("state"));
        HttpResponse<String> tokens = client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier);
        assertEquals(200, tokens.statusCode(), tokens.body());
    }

    @Test
    void authorizeWhenRequestUriReusedThen400() {
        String requestUri = requestUri(push(AuthRequest.valid()));
        client.signIn(byReference(DevProvider.DEMO_CLIENT_ID, requestUri));

        assertRefused(client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri)), "used before");
    }

    @Test
    void authorizeWhenRequestUriExpiredThen400() {
        String requestUri = requestUri(push(AuthRequest.valid()));
        CLOCK.advance(Duration.ofSeconds(60));

        assertRefused(client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri)), "expired");
    }

    @Test
    void authorizeWhenRequestUriOfAnotherClientThen400() {
        String requestUri = requestUri(push(AuthRequest.valid()));

        assertRefused(client.authorize(byReference(PKJ, requestUri)), "another client");
        assertEquals(200, client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri)).statusCode(),
                "a refused attempt of another client does not spend the request_uri");
    }

    @Test
    void authorizeWhenRequestUriUnknownThen400() {
        assertRefused(client.authorize(byReference(DevProvider.DEMO_CLIENT_ID,
                PushedRequestStore.URN_PREFIX + "made-up")), "Unknown request_uri");
    }

    @Test
    void authorizeWhenRequestUriWithoutClientIdThen400() {
        String requestUri = requestUri(push(AuthRequest.valid()));

        assertRefused(client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri).without("client_id")),
                "client_id");
    }

    @Test
    void authorizeWhenRequestUriWithContradictingParameterThen400() {
        String requestUri = requestUri(push(AuthRequest.valid()));

        assertRefused(client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri)
                .with("redirect_uri", "http://localhost:9999/elsewhere")), "contradicts");
        assertRefused(client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri).with("prompt", "none")),
                "contradicts");
    }

    @Test
    void authorizeWhenRequestUriWithRepeatedEqualParametersThenAccepted() {
        AuthRequest request = AuthRequest.valid();
        String requestUri = requestUri(push(request));

        HttpResponse<String> page = client.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri)
                .with("response_type", "code").with("scope", request.get("scope")));

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"login\""), page.body());
    }

    @Test
    void parWhenClientNotAuthenticatedThen401InvalidClient() {
        HttpResponse<String> response = client.postForm("/par", AuthRequest.valid().params,
                "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, "wrong"));

        ClientAssertionTest.assertInvalidClient(response);
        assertEquals(401, client.postForm("/par", AuthRequest.valid().params).statusCode());
    }

    @Test
    void parWhenPrivateKeyJwtWithParEndpointAudienceThenAccepted() {
        JwtClaims claims = ClientAssertions.claims(PKJ, op.issuer() + "/par", CLOCK);
        Map<String, String> form = new LinkedHashMap<>(AuthRequest.valid().without("client_id").params);
        form.putAll(ClientAssertions.params(ClientAssertions.sign(claims, KEY, "ES256", c -> { })));

        HttpResponse<String> response = client.postForm("/par", form);

        assertEquals(201, response.statusCode(), response.body());
        HttpResponse<String> page = client.authorize(byReference(PKJ, requestUri(response)));
        assertTrue(page.body().contains("id=\"login\""), page.body());
    }

    @Test
    void parWhenAssertionAudienceForeignThen401InvalidClient() {
        JwtClaims claims = ClientAssertions.claims(PKJ, "https://other.example", CLOCK);
        Map<String, String> form = new LinkedHashMap<>(AuthRequest.valid().with("client_id", PKJ).params);
        form.putAll(ClientAssertions.params(ClientAssertions.sign(claims, KEY, "ES256", c -> { })));

        ClientAssertionTest.assertInvalidClient(client.postForm("/par", form));
    }

    @Test
    void parWhenRequestUriPushedThenInvalidRequest() {
        assertError(push(AuthRequest.valid().with("request_uri", PushedRequestStore.URN_PREFIX + "x")),
                "invalid_request");
    }

    @Test
    void parWhenClientIdOfAnotherClientThenInvalidClient() {
        ClientAssertionTest.assertInvalidClient(push(AuthRequest.valid().with("client_id", PKJ)));
    }

    @Test
    void parWhenParametersInvalidThen400WithTheAuthorizationError() {
        assertError(push(AuthRequest.valid().without("code_challenge")), "invalid_request");
        assertError(push(AuthRequest.valid().with("scope", "profile")), "invalid_scope");
        assertError(push(AuthRequest.valid().with("response_type", "token")), "unsupported_response_type");
    }

    @Test
    void parWhenRedirectUriNotRegisteredThenInvalidRequest() {
        assertError(push(AuthRequest.valid().with("redirect_uri", "https://evil.example/cb")), "invalid_request");
    }

    @Test
    void parWhenGetThen405() {
        HttpResponse<String> response = client.get("/par");

        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void parWhenEndpointErrorFaultThenAnswersItAndCounts() {
        int before = op.counters().par();
        op.faults().parEndpointError(503, "temporarily_unavailable");
        assertError(push(AuthRequest.valid()), 503, "temporarily_unavailable");

        op.faults().parEndpointError(400, "invalid_request");
        assertError(push(AuthRequest.valid()), "invalid_request");

        op.faults().reset();
        assertEquals(201, push(AuthRequest.valid()).statusCode());
        assertEquals(before + 3, op.counters().par());
    }

    @Test
    void parWhenDelayFaultThenAnswersLate() {
        op.faults().parEndpointDelay(Duration.ofMillis(300));
        long start = System.nanoTime();

        assertEquals(201, push(AuthRequest.valid()).statusCode());
        assertTrue(System.nanoTime() - start >= 300_000_000L);
    }

    @Test
    void discoveryWhenParOptionalThenAdvertisesEndpointNotRequired() {
        Map<String, Object> doc = OpClient.json(client.get("/.well-known/openid-configuration"));

        assertEquals(op.issuer() + "/par", doc.get("pushed_authorization_request_endpoint"));
        assertEquals(false, doc.get("require_pushed_authorization_requests"));
    }

    @Test
    void authorizeWhenParRequiredAndRequestNotPushedThenInvalidRequestRedirect() {
        try (DevProvider strict = DevProvider.builder().requirePushedAuthorizationRequests(true).build().start()) {
            OpClient browser = new OpClient(strict);
            assertEquals(true, OpClient.json(browser.get("/.well-known/openid-configuration"))
                    .get("require_pushed_authorization_requests"));

            AuthRequest request = AuthRequest.valid();
            Map<String, String> error = OpClient.responseParams(browser.authorize(request));
            assertEquals("invalid_request", error.get("error"), error::toString);
            assertEquals(request.state(), error.get("state"));

            HttpResponse<String> pushed = browser.postForm("/par", AuthRequest.valid().params,
                    "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET));
            assertEquals(201, pushed.statusCode(), pushed.body());
            assertTrue(browser.authorize(byReference(DevProvider.DEMO_CLIENT_ID, requestUri(pushed))).body()
                    .contains("id=\"login\""));
        }
    }

    private HttpResponse<String> push(AuthRequest request) {
        return client.postForm("/par", request.params,
                "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET));
    }

    private static String requestUri(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return (String) OpClient.json(response).get("request_uri");
    }

    private static AuthRequest byReference(String clientId, String requestUri) {
        AuthRequest request = AuthRequest.valid();
        request.params.clear();
        return request.with("client_id", clientId).with("request_uri", requestUri);
    }

    private static void assertRefused(HttpResponse<String> response, String reason) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "never redirected");
        assertTrue(response.body().contains(reason), response.body());
    }

    private static void assertError(HttpResponse<String> response, String error) {
        assertError(response, 400, error);
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(error, OpClient.json(response).get("error"), response.body());
    }
}
