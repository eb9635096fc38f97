package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each {@link SignatureFault} breaks exactly the protection it names: the claims (c_hash included) stay valid, and
 * only ID tokens of the chosen stage are affected.
 */
class SignatureFaultTest {

    private static DevProvider op;
    private static PublicJsonWebKey publishedKey;
    private OpClient client;
    private AuthRequest request;

    @BeforeAll
    static void start() throws JoseException {
        op = DevProvider.startDefault();
        String jwks = new OpClient(op).get("/jwks").body();
        publishedKey = (PublicJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0);
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void reset() {
        op.faults().reset();
        client = new OpClient(op);
        request = AuthRequest.valid().with("response_type", "code id_token");
    }

    /** Signs in with {@code fault} on front-channel ID tokens and returns the authorization response. */
    private Map<String, String> frontChannel(SignatureFault fault) {
        op.faults().signatureFault(TokenStage.FRONT_CHANNEL, fault);
        return client.signIn(request);
    }

    @Test
    void signatureFaultWhenAlgNoneThenUnsecuredTokenWithRealKidAndValidClaims() throws Exception {
        Map<String, String> front = frontChannel(SignatureFault.ALG_NONE);
        String idToken = front.get("id_token");

        assertTrue(idToken.endsWith("."), "empty signature: " + idToken);
        Map<String, Object> header = header(idToken);
        assertEquals("none", header.get("alg"));
        assertEquals(publishedKey.getKeyId(), header.get("kid"));
        assertValidClaims(payload(idToken), front);
        assertThrows(InvalidJwtException.class, () -> verify(idToken, publishedKey.getPublicKey(), "RS256"));
    }

    @Test
    void signatureFaultWhenForeignKeyThenSignedByAnUnpublishedKeyUnderTheRealKid() throws Exception {
        Map<String, String> front = frontChannel(SignatureFault.FOREIGN_KEY);
        String idToken = front.get("id_token");

        Map<String, Object> header = header(idToken);
        assertEquals("RS256", header.get("alg"));
        assertEquals(publishedKey.getKeyId(), header.get("kid"));
        assertThrows(InvalidJwtException.class, () -> verify(idToken, publishedKey.getPublicKey(), "RS256"));
        PublicJsonWebKey foreign = op.signingKeys().foreignKey().jwk();
        assertNotEquals(publishedKey.getKeyId(), foreign.getKeyId());
        assertValidClaims(verify(idToken, foreign.getPublicKey(), "RS256"), front);
    }

    @Test
    void signatureFaultWhenHs256WithPublicKeyThenHmacKeyedWithThePublishedKeyBytes() throws Exception {
        Map<String, String> front = frontChannel(SignatureFault.HS256_WITH_PUBLIC_KEY);
        String idToken = front.get("id_token");

        Map<String, Object> header = header(idToken);
        assertEquals("HS256", header.get("alg"));
        assertEquals(publishedKey.getKeyId(), header.get("kid"));
        HmacKey confused = new HmacKey(publishedKey.getPublicKey().getEncoded());
        assertValidClaims(verify(idToken, confused, "HS256"), front);
    }

    @Test
    void signatureFaultWhenUnknownKidThenRealSignatureUnderAKidTheJwksLacksNewPerToken() throws Exception {
        String first = frontChannel(SignatureFault.UNKNOWN_KID).get("id_token");
        Map<String, String> front = new OpClient(op).signIn(request);
        String second = front.get("id_token");

        Object kid = header(second).get("kid");
        assertTrue(kid instanceof String && !kid.equals(publishedKey.getKeyId()), "kid " + kid);
        assertNotEquals(kid, header(first).get("kid"));
        assertValidClaims(verify(second, publishedKey.getPublicKey(), "RS256"), front);
    }

    @Test
    void signatureFaultWhenNoKidThenRealSignatureWithoutKidHeader() throws Exception {
        Map<String, String> front = frontChannel(SignatureFault.NO_KID);
        String idToken = front.get("id_token");

        assertFalse(header(idToken).containsKey("kid"));
        assertEquals("RS256", header(idToken).get("alg"));
        assertValidClaims(verify(idToken, publishedKey.getPublicKey(), "RS256"), front);
    }

    @Test
    void signatureFaultWhenEncryptedThenJweWrappingTheCorrectlySignedToken() throws Exception {
        Map<String, String> front = frontChannel(SignatureFault.ENCRYPTED);
        String idToken = front.get("id_token");

        assertEquals(5, idToken.split("\\.", -1).length);
        Map<String, Object> header = header(idToken);
        assertEquals("RSA-OAEP-256", header.get("alg"));
        assertEquals("A256GCM", header.get("enc"));
        assertEquals("JWT", header.get("cty"));
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, "RSA-OAEP-256"));
        jwe.setCompactSerialization(idToken);
        jwe.setKey(op.signingKeys().encryptionKey().getPrivateKey());
        String inner = jwe.getPayload();
        assertEquals(publishedKey.getKeyId(), header(inner).get("kid"));
        assertValidClaims(TokenVerifier.of(op, "RS256", Clock.systemUTC()).verify(inner, DevProvider.DEMO_CLIENT_ID),
                front);
    }

    @Test
    void signatureFaultWhenCorruptSignatureThenOnlyTheLastSignatureByteDiffers() throws Exception {
        Map<String, String> front = frontChannel(SignatureFault.CORRUPT_SIGNATURE);
        String idToken = front.get("id_token");

        assertEquals(publishedKey.getKeyId(), header(idToken).get("kid"));
        assertThrows(InvalidJwtException.class, () -> verify(idToken, publishedKey.getPublicKey(), "RS256"));
        String repaired = SigningKey.corruptSignature(idToken); // flipping the same bit again restores it
        assertValidClaims(verify(repaired, publishedKey.getPublicKey(), "RS256"), front);
    }

    @Test
    void signatureFaultWhenSetForTokenEndpointThenOnlyThatStageIsAffected() {
        op.faults().signatureFault(TokenStage.TOKEN_ENDPOINT, SignatureFault.CORRUPT_SIGNATURE);
        TokenVerifier verifier = TokenVerifier.of(op, "RS256", Clock.systemUTC());

        Map<String, String> front = client.signIn(request);
        Map<String, Object> tokens = OpClient.json(
                client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier));
        Map<String, Object> refreshed = OpClient.json(client.refresh((String) tokens.get("refresh_token"), null));

        verifier.verify(front.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertThrows(AssertionError.class,
                () -> verifier.verify((String) tokens.get("id_token"), DevProvider.DEMO_CLIENT_ID));
        verifier.verify((String) tokens.get("access_token"), DevProvider.DEMO_CLIENT_ID);
        verifier.verify((String) refreshed.get("id_token"), DevProvider.DEMO_CLIENT_ID);
    }

    @Test
    void signatureFaultWhenSetForRefreshThenOnlyRefreshedIdTokensAreAffected() {
        op.faults().signatureFault(TokenStage.REFRESH, SignatureFault.NO_KID)
                .signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.ALG_NONE)
                .signatureFault(TokenStage.FRONT_CHANNEL, null);
        Map<String, String> front = client.signIn(request);
        Map<String, Object> tokens = OpClient.json(
                client.exchangeCode(front.get("code"), request.redirectUri(), request.verifier));
        Map<String, Object> refreshed = OpClient.json(client.refresh((String) tokens.get("refresh_token"), null));

        assertEquals(publishedKey.getKeyId(), header(front.get("id_token")).get("kid"));
        assertEquals(publishedKey.getKeyId(), header((String) tokens.get("id_token")).get("kid"));
        assertFalse(header((String) refreshed.get("id_token")).containsKey("kid"));
    }

    @Test
    void signatureFaultWhenHybridWithAccessTokenThenAtHashStillMatches() throws Exception {
        request.with("response_type", "code id_token token");
        Map<String, String> front = frontChannel(SignatureFault.UNKNOWN_KID);

        JwtClaims claims = verify(front.get("id_token"), publishedKey.getPublicKey(), "RS256");
        assertEquals(TokenVerifier.halfHash(front.get("access_token")), claims.getClaimValue("at_hash"));
    }

    @Test
    void signatureFaultWhenEdDsaProviderSignsWithForeignKeyThenHashesStaySha512() throws Exception {
        try (DevProvider edDsa = DevProvider.builder().signingAlgorithm("EdDSA").build().start()) {
            edDsa.faults().signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.FOREIGN_KEY);
            Map<String, String> front = new OpClient(edDsa).signIn(request);
            String idToken = front.get("id_token");

            assertEquals("EdDSA", header(idToken).get("alg"));
            JwtClaims claims = verify(idToken, edDsa.signingKeys().foreignKey().jwk().getPublicKey(), "EdDSA");
            assertEquals(TokenVerifier.halfHash("EdDSA", front.get("code")), claims.getClaimValue("c_hash"));
        }
    }

    private void assertValidClaims(JwtClaims claims, Map<String, String> front) throws Exception {
        assertEquals(op.issuer(), claims.getIssuer());
        assertEquals(List.of(DevProvider.DEMO_CLIENT_ID), claims.getAudience());
        assertEquals(request.nonce(), claims.getClaimValue("nonce"));
        assertEquals(TokenVerifier.halfHash(front.get("code")), claims.getClaimValue("c_hash"));
    }

    private static JwtClaims verify(String jwt, Key key, String algorithm) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                .setSkipAllValidators()
                .build()
                .processToClaims(jwt);
    }

    static Map<String, Object> header(String jwt) {
        return json(jwt.substring(0, jwt.indexOf('.')));
    }

    private static JwtClaims payload(String jwt) throws Exception {
        return JwtClaims.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static Map<String, Object> json(String base64Url) {
        try {
            return JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8));
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }
}
