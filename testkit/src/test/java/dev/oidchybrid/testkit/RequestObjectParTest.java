package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed request objects pushed to {@code /par} (RFC 9126, 3; RFC 9101). */
class RequestObjectParTest {

    private static final String JAR = RequestObjectTest.JAR;
    private static final String OTHER = RequestObjectTest.OTHER;
    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private OpClient browser;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK)
                .client(ClientRegistration.privateKeyJwt(JAR, ClientAssertions.jwks(RequestObjectTest.KEY),
                        ClientRegistration.LOCAL_REDIRECT_URIS).withRequireSignedRequestObject(true))
                .privateKeyJwtClient(OTHER, ClientAssertions.jwks(RequestObjectTest.OTHER_KEY)).build().start();
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new OpClient(op);
    }

    private static AuthRequest inner() {
        return AuthRequest.valid().with("client_id", JAR);
    }

    private static String signed(AuthRequest inner, Consumer<JwtClaims> change) {
        return SignedRequests.sign(SignedRequests.claims(inner, JAR, op.issuer(), CLOCK), RequestObjectTest.KEY,
                "ES256", change);
    }

    /** A push of {@code params} authenticated as {@code clientId} with private_key_jwt. */
    private HttpResponse<String> push(String clientId, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.putAll(SignedRequests.assertion(clientId, op.issuer(), clientId.equals(JAR) ? RequestObjectTest.KEY
                : RequestObjectTest.OTHER_KEY, CLOCK));
        return browser.postForm("/par", form);
    }

    private static void assertError(HttpResponse<String> response, String error, String description) {
        assertEquals(400, response.statusCode(), response.body());
        Map<String, Object> body = OpClient.json(response);
        assertEquals(error, body.get("error"), response.body());
        assertTrue(((String) body.get("error_description")).contains(description), response.body());
    }

    private static AuthRequest byReference(String requestUri) {
        AuthRequest request = AuthRequest.valid();
        request.params.clear();
        return request.with("client_id", JAR).with("request_uri", requestUri);
    }

    @Test
    void parWhenSignedRequestObjectThenPushedAndTheLoginUsesItsParameters() {
        AuthRequest inner = inner();
        HttpResponse<String> pushed = push(JAR, Map.of("request", signed(inner, c -> { })));
        assertEquals(201, pushed.statusCode(), pushed.body());

        Map<String, String> front = browser.signIn(byReference((String) OpClient.json(pushed).get("request_uri")));

        assertEquals(inner.state(), front.get("state"));
        HttpResponse<String> tokens = browser.postForm("/token", withAssertion(Map.of("grant_type", "authorization_code",
                "code", front.get("code"), "redirect_uri", inner.redirectUri(), "code_verifier", inner.verifier)));
        assertEquals(200, tokens.statusCode(), tokens.body());
    }

    @Test
    void parWhenBodyParamNotInObjectThenIgnored() {
        AuthRequest inner = inner();
        HttpResponse<String> pushed = push(JAR, Map.of("request", signed(inner, c -> { }), "prompt", "none",
                "state", "forged"));
        assertEquals(201, pushed.statusCode(), pushed.body());

        HttpResponse<String> page = browser.authorize(byReference((String) OpClient.json(pushed).get("request_uri")));

        assertTrue(page.body().contains("id=\"login\""), "prompt=none of the body was ignored: " + page.body());
        assertEquals(inner.state(), OpClient.responseParams(browser.submitLogin(page, "alice", "alice-password",
                "login")).get("state"));
    }

    @Test
    void parWhenRequestObjectAlgNoneThenInvalidRequestObject() {
        String unsigned = SignedRequests.unsigned(SignedRequests.claims(inner(), JAR, op.issuer(), CLOCK));

        assertError(push(JAR, Map.of("request", unsigned)), "invalid_request_object", "unsigned");
    }

    @Test
    void parWhenRequestObjectOfAnotherClientThenInvalidRequestObject() {
        assertError(push(OTHER, Map.of("request", signed(inner(), c -> { }))), "invalid_request_object",
                "iss is not the client_id");
    }

    @Test
    void parWhenRequestObjectAudOtherIssuerThenInvalidRequestObject() {
        assertError(push(JAR, Map.of("request", signed(inner(), c -> c.setAudience(op.issuer() + "/par")))),
                "invalid_request_object", "aud must be the issuer");
    }

    @Test
    void parWhenReplayedJtiThenInvalidRequestObject() {
        String requestObject = signed(inner(), c -> { });
        assertEquals(201, push(JAR, Map.of("request", requestObject)).statusCode());

        assertError(push(JAR, Map.of("request", requestObject)), "invalid_request_object", "replay");
    }

    @Test
    void parWhenRequestObjectParametersInvalidThenTheAuthorizationError() {
        assertError(push(JAR, Map.of("request", signed(inner().without("code_challenge"), c -> { }))),
                "invalid_request", "code_challenge");
    }

    @Test
    void parWhenClientRequiresSignedRequestObjectAndPushIsPlainThenInvalidRequest() {
        assertError(push(JAR, inner().params), "invalid_request", "signed request object");
    }

    @Test
    void authorizeWhenPushedSignedRequestThenRequirementMetByReference() {
        HttpResponse<String> pushed = push(JAR, Map.of("request", signed(inner(), c -> { })));

        HttpResponse<String> page = browser.authorize(byReference((String) OpClient.json(pushed).get("request_uri")));

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"login\""), page.body());
    }

    private static Map<String, String> withAssertion(Map<String, String> form) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.putAll(SignedRequests.assertion(JAR, op.issuer(), RequestObjectTest.KEY, CLOCK));
        return all;
    }
}
