package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed request objects (RFC 9101) at {@code /authorize}: every rule of {@link RequestObjectVerifier}. */
class RequestObjectTest {

    static final String JAR = "jar-client";
    static final String OTHER = "other-jar-client";
    static final PublicJsonWebKey KEY = ClientAssertions.generateKey("ES256");
    static final PublicJsonWebKey OTHER_KEY = ClientAssertions.generateKey("ES256");
    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private OpClient browser;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).client(ClientRegistration.demo())
                .client(ClientRegistration.privateKeyJwt(JAR, ClientAssertions.jwks(KEY),
                        ClientRegistration.LOCAL_REDIRECT_URIS).withRequireSignedRequestObject(true))
                .privateKeyJwtClient(OTHER, ClientAssertions.jwks(OTHER_KEY)).build().start();
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
        return SignedRequests.sign(SignedRequests.claims(inner, JAR, op.issuer(), CLOCK), KEY, "ES256", change);
    }

    private HttpResponse<String> authorize(String requestObject) {
        return browser.authorize(SignedRequests.front(JAR, requestObject));
    }

    private static void assertRefused(HttpResponse<String> response, String reason) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "never redirected");
        assertTrue(response.body().contains(reason), response.body());
    }

    @Test
    void authorizeWhenSignedRequestObjectThenLoginAndCodeExchangeWork() {
        AuthRequest inner = inner();

        Map<String, String> front = browser.signIn(SignedRequests.front(JAR, signed(inner, c -> { })));

        assertEquals(inner.state(), front.get("state"));
        assertTrue(front.containsKey("code"), front::toString);
    }

    @Test
    void authorizeWhenQueryParamNotInObjectThenIgnored() {
        AuthRequest inner = inner();
        AuthRequest front = SignedRequests.front(JAR, signed(inner, c -> { })).with("prompt", "none")
                .with("redirect_uri", "http://localhost:9999/elsewhere").with("state", "forged")
                .with("response_type", "code").with("scope", "openid");

        HttpResponse<String> page = browser.authorize(front);

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"login\""), "prompt=none of the query was ignored: " + page.body());
        HttpResponse<String> response = browser.submitLogin(page, "alice", "alice-password", "login");
        assertEquals(inner.redirectUri(), OpClient.responseTarget(response));
        assertEquals(inner.state(), OpClient.responseParams(response).get("state"));
    }

    @Test
    void authorizeWhenMaxAgeIsANumberInTheObjectThenTakenAsTheParameter() {
        browser.signIn(SignedRequests.front(JAR, signed(inner(), c -> { })));
        assertTrue(OpClient.responseParams(authorize(signed(inner(), c -> { }))).containsKey("code"),
                "signed in: answered at once");

        HttpResponse<String> page = authorize(signed(inner(), c -> c.setClaim("max_age", 0L)));

        assertTrue(page.body().contains("id=\"login\""), "max_age=0 asks for a new login: " + page.body());
    }

    @Test
    void authorizeWhenRequestObjectAlgNoneThenRefused() {
        assertRefused(authorize(SignedRequests.unsigned(SignedRequests.claims(inner(), JAR, op.issuer(), CLOCK))),
                "unsigned");
    }

    @Test
    void authorizeWhenRequestIsNotAJwtThenRefused() {
        assertRefused(authorize("not-a-jwt"), "well-formed");
    }

    @Test
    void authorizeWhenRequestObjectAlgNotAllowedThenRefused() {
        String hs256 = ClientAssertions.signHs256(SignedRequests.claims(inner(), JAR, op.issuer(), CLOCK),
                "a-secret-of-at-least-thirty-two-bytes!");

        assertRefused(authorize(hs256), "alg HS256 is not allowed");
    }

    @Test
    void authorizeWhenRequestObjectSignedWithAnotherKeyThenRefused() {
        String wrongKey = SignedRequests.sign(SignedRequests.claims(inner(), JAR, op.issuer(), CLOCK), OTHER_KEY,
                "ES256", c -> { });

        assertRefused(authorize(wrongKey), "signature does not verify");
    }

    @Test
    void authorizeWhenRequestObjectTypIsAnotherThenRefused() {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(SignedRequests.claims(inner(), JAR, op.issuer(), CLOCK).toJson());
        jws.setAlgorithmHeaderValue("ES256");
        jws.setHeader("typ", "dpop+jwt");
        jws.setKey(KEY.getPrivateKey());

        assertRefused(authorize(serialize(jws)), "typ must be oauth-authz-req+jwt");
    }

    @Test
    void authorizeWhenRequestObjectWithoutTypThenAccepted() {
        String untyped = ClientAssertions.sign(SignedRequests.claims(inner(), JAR, op.issuer(), CLOCK), KEY, "ES256",
                c -> { });

        assertTrue(authorize(untyped).body().contains("id=\"login\""));
    }

    @Test
    void authorizeWhenRequestObjectIssIsNotTheClientIdThenRefused() {
        assertRefused(authorize(signed(inner(), c -> c.setIssuer(OTHER))), "iss is not the client_id");
    }

    @Test
    void authorizeWhenRequestObjectClientIdDiffersFromTheQueryClientIdThenRefused() {
        assertRefused(authorize(signed(inner(), c -> c.setClaim("client_id", OTHER))), "client_id differs");
        assertRefused(browser.authorize(SignedRequests.front(OTHER, signed(inner(), c -> { }))),
                "iss is not the client_id");
    }

    @Test
    void authorizeWhenRequestObjectWithoutQueryClientIdThenRefused() {
        assertRefused(browser.authorize(SignedRequests.front(JAR, signed(inner(), c -> { })).without("client_id")),
                "client_id outside");
    }

    @Test
    void authorizeWhenRequestObjectAudOtherIssuerThenRefused() {
        assertRefused(authorize(signed(inner(), c -> c.setAudience("https://other-issuer.example"))),
                "aud must be the issuer");
        assertRefused(authorize(signed(inner(), c -> c.setAudience(List.of()))), "aud must be the issuer");
    }

    @Test
    void authorizeWhenRequestObjectExpiredThenRefused() {
        String requestObject = signed(inner(), c -> { });
        CLOCK.advance(Duration.ofSeconds(60 + RequestObjectVerifier.CLOCK_SKEW.toSeconds()));
        try {
            assertRefused(authorize(requestObject), "expired");
        } finally {
            CLOCK.advance(Duration.ofSeconds(-60 - RequestObjectVerifier.CLOCK_SKEW.toSeconds()));
        }
    }

    @Test
    void authorizeWhenRequestObjectWithoutExpThenRefused() {
        assertRefused(authorize(signed(inner(), c -> c.unsetClaim("exp"))), "needs exp");
    }

    @Test
    void authorizeWhenRequestObjectNbfInTheFutureThenRefused() {
        long later = CLOCK.instant().getEpochSecond() + RequestObjectVerifier.CLOCK_SKEW.toSeconds() + 5;
        assertRefused(authorize(signed(inner(), c -> c.setNotBefore(NumericDate.fromSeconds(later)))),
                "not valid yet");
    }

    @Test
    void authorizeWhenRequestObjectLivesLongerThanAnHourThenRefused() {
        long now = CLOCK.instant().getEpochSecond();
        assertRefused(authorize(signed(inner(), c -> c.setExpirationTime(NumericDate.fromSeconds(now + 3601)))),
                "at most 60 minutes");
    }

    @Test
    void authorizeWhenReplayedJtiThenRefused() {
        String requestObject = signed(inner(), c -> { });
        assertEquals(200, authorize(requestObject).statusCode());

        assertRefused(new OpClient(op).authorize(SignedRequests.front(JAR, requestObject)), "used before (replay)");
    }

    @Test
    void authorizeWhenRequestObjectWithoutJtiThenRefused() {
        assertRefused(authorize(signed(inner(), c -> c.unsetClaim("jti"))), "needs a jti");
    }

    @Test
    void authorizeWhenRequestObjectHoldsRequestUriThenRefused() {
        assertRefused(authorize(signed(inner(), c -> c.setClaim("request_uri", "https://x.example/r"))),
                "must not hold request or request_uri");
    }

    @Test
    void authorizeWhenRequestAndRequestUriTogetherThenRefused() {
        assertRefused(browser.authorize(SignedRequests.front(JAR, signed(inner(), c -> { }))
                .with("request_uri", PushedRequestStore.URN_PREFIX + "x")), "both request and request_uri");
    }

    @Test
    void authorizeWhenClientRequiresSignedRequestObjectAndRequestIsPlainThenInvalidRequestRedirect() {
        AuthRequest plain = inner();

        Map<String, String> error = OpClient.responseParams(browser.authorize(plain));

        assertEquals("invalid_request", error.get("error"), error::toString);
        assertTrue(error.get("error_description").contains("signed request object"), error::toString);
        assertEquals(plain.state(), error.get("state"));
    }

    @Test
    void authorizeWhenClientDoesNotRequireSignedRequestObjectThenPlainRequestStillWorks() {
        HttpResponse<String> page = browser.authorize(AuthRequest.valid());

        assertTrue(page.body().contains("id=\"login\""), page.body());
    }

    @Test
    void discoveryWhenDefaultThenAdvertisesRequestObjectsSupportedNotRequired() {
        Map<String, Object> doc = OpClient.json(browser.get("/.well-known/openid-configuration"));

        assertEquals(true, doc.get("request_parameter_supported"));
        assertEquals(RequestObjectVerifier.ALGORITHMS, doc.get("request_object_signing_alg_values_supported"));
        assertEquals(false, doc.get("require_signed_request_object"));
    }

    @Test
    void authorizeWhenProviderRequiresSignedRequestObjectsAndRequestIsPlainThenInvalidRequestRedirect() {
        try (DevProvider strict = DevProvider.builder().requireSignedRequestObjects(true).build().start()) {
            OpClient client = new OpClient(strict);
            assertEquals(true, OpClient.json(client.get("/.well-known/openid-configuration"))
                    .get("require_signed_request_object"));

            Map<String, String> error = OpClient.responseParams(client.authorize(AuthRequest.valid()));

            assertEquals("invalid_request", error.get("error"), error::toString);
        }
    }

    private static String serialize(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
