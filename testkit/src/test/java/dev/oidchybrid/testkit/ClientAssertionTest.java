package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JWT client authentication at the token endpoint (RFC 7523; OpenID Connect Core 1.0, 9). A request with a
 * made-up code that gets {@code invalid_grant} passed client authentication; {@code invalid_client} means it did
 * not.
 */
class ClientAssertionTest {

    static final String PKJ = "pkj-client";
    static final String CSJ = "csj-client";
    static final String CSJ_SECRET = "a-client-secret-of-more-than-32-bytes!";
    static final PublicJsonWebKey RSA = ClientAssertions.generateKey("RS256");
    static final PublicJsonWebKey EC = ClientAssertions.generateKey("ES256");
    static final PublicJsonWebKey ED = ClientAssertions.generateKey("EdDSA");

    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).client(ClientRegistration.demo())
                .privateKeyJwtClient(PKJ, ClientAssertions.jwks(RSA, EC, ED))
                .clientSecretJwtClient(CSJ, CSJ_SECRET).build().start();
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void newClient() {
        op.faults().reset();
        client = new OpClient(op);
    }

    @Test
    void tokenWhenPrivateKeyJwtValidThenTokensIssued() {
        AuthRequest request = AuthRequest.valid().with("client_id", PKJ);
        Map<String, String> front = client.signIn(request);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", front.get("code"));
        form.put("redirect_uri", request.redirectUri());
        form.put("code_verifier", request.verifier);
        form.putAll(ClientAssertions.params(assertion(EC, "ES256", c -> { })));

        HttpResponse<String> response = client.postForm("/token", form);

        assertEquals(200, response.statusCode(), response.body());
        assertNotNull(OpClient.json(response).get("id_token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA"})
    void tokenWhenPrivateKeyJwtSignedWithAllowedAlgThenClientAuthenticated(String alg) {
        PublicJsonWebKey key = switch (alg) {
            case "ES256" -> EC;
            case "EdDSA" -> ED;
            default -> RSA;
        };
        assertAuthenticated(token(assertion(key, alg, c -> { })));
    }

    @Test
    void tokenWhenAssertionAudIsTokenEndpointThenClientAuthenticated() {
        assertAuthenticated(token(assertion(EC, "ES256", c -> c.setAudience(op.issuer() + "/token"))));
    }

    @Test
    void tokenWhenAssertionAudIsArrayWithIssuerThenClientAuthenticated() {
        assertAuthenticated(token(assertion(EC, "ES256", c -> c.setAudience("https://other.example", op.issuer()))));
    }

    @Test
    void tokenWhenAssertionAudForeignThenInvalidClient() {
        assertInvalidClient(token(assertion(EC, "ES256", c -> c.setAudience("https://other.example"))));
    }

    @Test
    void tokenWhenAssertionAudMissingThenInvalidClient() {
        assertInvalidClient(token(assertion(EC, "ES256", c -> c.unsetClaim("aud"))));
    }

    @Test
    void tokenWhenAssertionJtiReplayedThenInvalidClient() {
        String assertion = assertion(EC, "ES256", c -> { });
        assertAuthenticated(token(assertion));

        assertInvalidClient(token(assertion));
    }

    @Test
    void tokenWhenAssertionWithoutJtiThenInvalidClient() {
        assertInvalidClient(token(assertion(EC, "ES256", c -> c.unsetClaim("jti"))));
    }

    @Test
    void tokenWhenAssertionExpiredThenInvalidClient() {
        long now = CLOCK.instant().getEpochSecond();
        assertInvalidClient(token(assertion(EC, "ES256", c -> {
            c.setIssuedAt(NumericDate.fromSeconds(now - 120));
            c.setExpirationTime(NumericDate.fromSeconds(now - 60));
        })));
    }

    @Test
    void tokenWhenAssertionWithoutExpThenInvalidClient() {
        assertInvalidClient(token(assertion(EC, "ES256", c -> c.unsetClaim("exp"))));
    }

    @Test
    void tokenWhenAssertionLivesLongerThanFiveMinutesThenInvalidClient() {
        long now = CLOCK.instant().getEpochSecond();
        assertInvalidClient(token(assertion(EC, "ES256", c -> c.setExpirationTime(NumericDate.fromSeconds(now + 301)))));
    }

    @Test
    void tokenWhenAssertionIatInTheFutureThenInvalidClient() {
        long now = CLOCK.instant().getEpochSecond();
        assertInvalidClient(token(assertion(EC, "ES256", c -> {
            c.setIssuedAt(NumericDate.fromSeconds(now + 120));
            c.setExpirationTime(NumericDate.fromSeconds(now + 180));
        })));
    }

    @Test
    void tokenWhenAssertionSignedByUnregisteredKeyThenInvalidClient() {
        PublicJsonWebKey stranger = ClientAssertions.generateKey("ES256");
        stranger.setKeyId(EC.getKeyId());

        assertInvalidClient(token(assertion(stranger, "ES256", c -> { })));
    }

    @Test
    void tokenWhenAssertionAlgNotOnAllowListThenInvalidClient() {
        assertInvalidClient(token(assertion(RSA, "RS384", c -> { })));
    }

    @Test
    void tokenWhenAssertionAlgDoesNotFitTheKeyThenInvalidClient() {
        PublicJsonWebKey rsaNamedLikeEc = ClientAssertions.generateKey("RS256");
        rsaNamedLikeEc.setKeyId(EC.getKeyId());

        assertInvalidClient(token(assertion(rsaNamedLikeEc, "RS256", c -> { })));
    }

    @Test
    void tokenWhenHs256AssertionForPrivateKeyJwtClientThenInvalidClient() {
        JwtClaims claims = ClientAssertions.claims(PKJ, op.issuer(), CLOCK);

        assertInvalidClient(token(ClientAssertions.signHs256(claims, RSA.getPublicKey().toString())));
    }

    @Test
    void tokenWhenAssertionIssDiffersFromSubThenInvalidClient() {
        assertInvalidClient(token(assertion(EC, "ES256", c -> c.setSubject(CSJ))));
    }

    @Test
    void tokenWhenAssertionUnsignedThenInvalidClient() {
        JwtClaims claims = ClientAssertions.claims(PKJ, op.issuer(), CLOCK);
        String unsigned = Secrets.base64Url("{\"alg\":\"none\"}".getBytes()) + "."
                + Secrets.base64Url(claims.toJson().getBytes()) + ".";

        assertInvalidClient(token(unsigned));
    }

    @Test
    void tokenWhenAssertionNotAJwtThenInvalidClient() {
        assertInvalidClient(token("not-a-jwt"));
    }

    @Test
    void tokenWhenClientIdParameterDiffersFromAssertionThenInvalidClient() {
        Map<String, String> form = form(assertion(EC, "ES256", c -> { }));
        form.put("client_id", CSJ);

        assertInvalidClient(client.postForm("/token", form));
    }

    @Test
    void tokenWhenClientIdParameterMatchesThenClientAuthenticated() {
        Map<String, String> form = form(assertion(EC, "ES256", c -> { }));
        form.put("client_id", PKJ);

        assertAuthenticated(client.postForm("/token", form));
    }

    @Test
    void tokenWhenAssertionTypeWrongThenInvalidClient() {
        Map<String, String> form = form(assertion(EC, "ES256", c -> { }));
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");

        assertInvalidClient(client.postForm("/token", form));
    }

    @Test
    void tokenWhenAssertionAndBasicTogetherThenInvalidRequest() {
        HttpResponse<String> response = client.postForm("/token", form(assertion(EC, "ES256", c -> { })),
                "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_request", OpClient.json(response).get("error"));
    }

    @Test
    void tokenWhenClientSecretJwtValidThenClientAuthenticated() {
        assertAuthenticated(token(ClientAssertions.signHs256(ClientAssertions.claims(CSJ, op.issuer(), CLOCK),
                CSJ_SECRET)));
    }

    @Test
    void tokenWhenClientSecretJwtKeyedWithAnotherSecretThenInvalidClient() {
        assertInvalidClient(token(ClientAssertions.signHs256(ClientAssertions.claims(CSJ, op.issuer(), CLOCK),
                CSJ_SECRET + "x")));
    }

    @Test
    void tokenWhenRs256AssertionForClientSecretJwtClientThenInvalidClient() {
        assertInvalidClient(token(ClientAssertions.sign(ClientAssertions.claims(CSJ, op.issuer(), CLOCK), RSA,
                "RS256", c -> { })));
    }

    @Test
    void tokenWhenClientSecretJwtClientUsesBasicThenInvalidClient() {
        HttpResponse<String> response = client.postForm("/token",
                Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", AuthRequest.REDIRECT_URI,
                        "code_verifier", "v"), "Authorization", OpClient.basic(CSJ, CSJ_SECRET));

        assertInvalidClient(response);
    }

    @Test
    void tokenWhenAudienceFaultIssuerOnlyThenTokenEndpointAudRefused() {
        op.faults().clientAssertionAudience(AssertionAudience.ISSUER);

        assertInvalidClient(token(assertion(EC, "ES256", c -> c.setAudience(op.issuer() + "/token"))));
        assertAuthenticated(token(assertion(EC, "ES256", c -> c.setAudience(op.issuer()))));
    }

    @Test
    void tokenWhenAudienceFaultTokenEndpointOnlyThenIssuerAudRefused() {
        op.faults().clientAssertionAudience(AssertionAudience.TOKEN_ENDPOINT);

        assertInvalidClient(token(assertion(EC, "ES256", c -> c.setAudience(op.issuer()))));
        assertAuthenticated(token(assertion(EC, "ES256", c -> c.setAudience(op.issuer() + "/token"))));
    }

    @Test
    void tokenWhenAssertionRefusedThenDescriptionDoesNotQuoteIt() {
        String assertion = assertion(EC, "ES256", c -> c.setAudience("https://other.example"));

        HttpResponse<String> response = token(assertion);

        assertInvalidClient(response);
        assertFalse(response.body().contains(assertion.substring(assertion.lastIndexOf('.') + 1)));
    }

    @Test
    void devProviderMainWhenClientJwksGivenThenDemoClientAcceptsPrivateKeyJwtToo() {
        try (DevProvider demo = DevProviderMain.configure(new String[] {"--client-jwks", ClientAssertions.jwks(EC)})
                .build().start()) {
            OpClient demoClient = new OpClient(demo);
            JwtClaims claims = ClientAssertions.claims(DevProvider.DEMO_CLIENT_ID, demo.issuer(), CLOCK);
            claims.setIssuedAt(NumericDate.now());
            claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 60));

            assertAuthenticated(demoClient.postForm("/token", form(ClientAssertions.sign(claims, EC, "ES256", c -> { }))));
            assertAuthenticated(demoClient.postForm("/token", Map.of("grant_type", "authorization_code", "code", "x"),
                    "Authorization", OpClient.basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET)));
        }
    }

    @Test
    void tokenWhenAssertionOfThePastStillWithinSkewThenClientAuthenticated() {
        String assertion = assertion(EC, "ES256", c -> { });
        CLOCK.advance(Duration.ofSeconds(80));

        assertAuthenticated(token(assertion));
    }

    private static String assertion(PublicJsonWebKey key, String alg, Consumer<JwtClaims> change) {
        return ClientAssertions.sign(ClientAssertions.claims(PKJ, op.issuer(), CLOCK), key, alg, change);
    }

    private static Map<String, String> form(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", "made-up");
        form.put("redirect_uri", AuthRequest.REDIRECT_URI);
        form.put("code_verifier", "v");
        form.putAll(ClientAssertions.params(assertion));
        return form;
    }

    private HttpResponse<String> token(String assertion) {
        return client.postForm("/token", form(assertion));
    }

    static void assertAuthenticated(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_grant", OpClient.json(response).get("error"), response.body());
    }

    static void assertInvalidClient(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("invalid_client", OpClient.json(response).get("error"), response.body());
    }
}
