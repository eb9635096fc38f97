package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link DevProvider#logoutToken} and {@link LogoutTokenBuilder}: Back-Channel Logout 1.0, 2.4 logout tokens. */
class LogoutTokenTest {

    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static final String SUBJECT = DemoUser.alice().subject();
    private static final String SID = "sid-" + Secrets.randomToken();

    private static DevProvider op;
    private static PublicJsonWebKey publishedKey;

    @BeforeAll
    static void start() throws JoseException {
        op = DevProvider.builder().clock(CLOCK).build().start();
        publishedKey = (PublicJsonWebKey) new JsonWebKeySet(new OpClient(op).get("/jwks").body()).getJsonWebKeys()
                .get(0);
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void reset() {
        op.faults().reset();
    }

    private static TokenVerifier verifier() {
        return TokenVerifier.of(op, "RS256", CLOCK);
    }

    @Test
    void logoutTokenWhenIssuedThenVerifiesAgainstJwksWithLogoutTypeAndTheSpecClaims() throws Exception {
        CLOCK.advance(Duration.ofMinutes(7));
        long now = CLOCK.instant().getEpochSecond();

        String token = op.logoutToken(SUBJECT, SID);

        JwtContext context = verifier().logoutToken(token, DevProvider.DEMO_CLIENT_ID);
        Map<String, Object> header = SignatureFaultTest.header(token);
        assertEquals("logout+jwt", header.get("typ"));
        assertEquals("RS256", header.get("alg"));
        assertEquals(publishedKey.getKeyId(), header.get("kid"));
        JwtClaims claims = context.getJwtClaims();
        assertEquals(op.issuer(), claims.getIssuer());
        assertEquals(List.of(DevProvider.DEMO_CLIENT_ID), claims.getAudience());
        assertEquals(SUBJECT, claims.getSubject());
        assertEquals(SID, claims.getClaimValue("sid"));
        assertEquals(now, claims.getIssuedAt().getValue());
        assertEquals(now + 120, claims.getExpirationTime().getValue());
        assertTrue(claims.getJwtId().length() >= 32, claims.getJwtId());
        assertEquals(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()),
                claims.getClaimValue("events"));
        assertFalse(claims.hasClaim("nonce"));
        assertEquals(Set.of("iss", "sub", "aud", "iat", "exp", "jti", "events", "sid"),
                Set.copyOf(claims.getClaimNames()));
    }

    @Test
    void logoutTokenWhenIssuedTwiceThenEachHasItsOwnJti() throws Exception {
        JwtClaims first = verifier().logoutToken(op.logoutToken(SUBJECT, SID), DevProvider.DEMO_CLIENT_ID)
                .getJwtClaims();
        JwtClaims second = verifier().logoutToken(op.logoutToken(SUBJECT, SID), DevProvider.DEMO_CLIENT_ID)
                .getJwtClaims();

        assertNotEquals(first.getJwtId(), second.getJwtId());
    }

    @Test
    void logoutTokenWhenOnlySidOrOnlySubjectThenTheOtherClaimIsAbsent() {
        JwtClaims sidOnly = verifier().logoutToken(op.logoutToken(null, SID), DevProvider.DEMO_CLIENT_ID)
                .getJwtClaims();
        JwtClaims subjectOnly = verifier().logoutToken(op.logoutToken(SUBJECT, null), DevProvider.DEMO_CLIENT_ID)
                .getJwtClaims();

        assertFalse(sidOnly.hasClaim("sub"));
        assertEquals(SID, sidOnly.getClaimValue("sid"));
        assertFalse(subjectOnly.hasClaim("sid"));
        assertEquals(SUBJECT, subjectOnly.getClaimValue("sub"));
    }

    @Test
    void logoutTokenWhenNeitherSubjectNorSidThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> op.logoutToken(null, null));
        assertThrows(IllegalArgumentException.class, () -> op.logoutTokenBuilder().build());
    }

    @Test
    void logoutTokenWhenProviderNotStartedThenIllegalState() {
        DevProvider notStarted = DevProvider.builder().build();

        assertThrows(IllegalStateException.class, () -> notStarted.logoutToken(SUBJECT, SID));
    }

    @Test
    void logoutTokenBuilderWhenClientChosenThenAudienceIsThatClient() {
        String token = op.logoutTokenBuilder().clientId("other-client").sid(SID).build();

        JwtClaims claims = verifier().logoutToken(token, "other-client").getJwtClaims();
        assertEquals(SID, claims.getClaimValue("sid"));
        assertThrows(AssertionError.class, () -> verifier().logoutToken(token, DevProvider.DEMO_CLIENT_ID));
        assertThrows(IllegalArgumentException.class, () -> op.logoutTokenBuilder().clientId(" "));
    }

    @Test
    void logoutTokenWhenCustomizerChangesClaimsThenTheSignedTokenCarriesTheChanges() throws Exception {
        long longAgo = CLOCK.instant().getEpochSecond() - 86_400;

        String token = op.logoutToken(SUBJECT, SID, claims -> {
            claims.setClaim("nonce", "n-1");
            claims.unsetClaim("events");
            claims.setAudience("someone-else");
            claims.setIssuer("https://evil.example");
            claims.setIssuedAt(NumericDate.fromSeconds(longAgo));
        });

        assertEquals("logout+jwt", SignatureFaultTest.header(token).get("typ"));
        JwtClaims claims = verify(token, publishedKey.getPublicKey(), "RS256");
        assertEquals("n-1", claims.getClaimValue("nonce"));
        assertFalse(claims.hasClaim("events"));
        assertEquals(List.of("someone-else"), claims.getAudience());
        assertEquals("https://evil.example", claims.getIssuer());
        assertEquals(longAgo, claims.getIssuedAt().getValue());
        assertEquals(SID, claims.getClaimValue("sid"));
    }

    @Test
    void logoutTokenWhenCustomizerRemovesSubAndSidThenTokenHasNeither() throws Exception {
        String token = op.logoutToken(SUBJECT, SID, claims -> {
            claims.unsetClaim("sub");
            claims.unsetClaim("sid");
        });

        JwtClaims claims = verify(token, publishedKey.getPublicKey(), "RS256");
        assertFalse(claims.hasClaim("sub"));
        assertFalse(claims.hasClaim("sid"));
    }

    @ParameterizedTest
    @EnumSource(SignatureFault.class)
    void logoutTokenWhenSignatureFaultThenProtectedWronglyWithClaimsAndLogoutTypeKept(SignatureFault fault)
            throws Exception {
        String token = op.logoutToken(SUBJECT, SID, claims -> claims.setClaim("custom", "kept"), fault);

        String jws = fault == SignatureFault.ENCRYPTED ? decrypt(token) : token;
        Map<String, Object> header = SignatureFaultTest.header(jws);
        assertEquals("logout+jwt", header.get("typ"));
        JwtClaims claims = payload(jws);
        assertEquals(SID, claims.getClaimValue("sid"));
        assertEquals("kept", claims.getClaimValue("custom"));
        assertTrue(claims.hasClaim("events"));
        assertFalse(claims.hasClaim("nonce"));
        switch (fault) {
            case ALG_NONE -> {
                assertEquals("none", header.get("alg"));
                assertTrue(token.endsWith("."), token);
            }
            case FOREIGN_KEY -> {
                assertEquals(publishedKey.getKeyId(), header.get("kid"));
                verify(token, op.signingKeys().foreignKey().jwk().getPublicKey(), "RS256");
            }
            case HS256_WITH_PUBLIC_KEY -> {
                assertEquals("HS256", header.get("alg"));
                assertEquals(publishedKey.getKeyId(), header.get("kid"));
                verify(token, new HmacKey(publishedKey.getPublicKey().getEncoded()), "HS256");
            }
            case UNKNOWN_KID -> {
                assertNotEquals(publishedKey.getKeyId(), header.get("kid"));
                verify(token, publishedKey.getPublicKey(), "RS256");
            }
            case NO_KID -> {
                assertNull(header.get("kid"));
                verify(token, publishedKey.getPublicKey(), "RS256");
            }
            case ENCRYPTED -> {
                assertEquals(5, token.split("\\.", -1).length);
                assertEquals("RSA-OAEP-256", SignatureFaultTest.header(token).get("alg"));
                verifier().logoutToken(jws, DevProvider.DEMO_CLIENT_ID);
            }
            case CORRUPT_SIGNATURE -> {
                assertEquals(publishedKey.getKeyId(), header.get("kid"));
                verifier().logoutToken(SigningKey.corruptSignature(token), DevProvider.DEMO_CLIENT_ID);
            }
        }
        if (fault != SignatureFault.NO_KID) { // a lone published key may verify a token without kid
            assertThrows(AssertionError.class, () -> verifier().logoutToken(token, DevProvider.DEMO_CLIENT_ID));
        }
    }

    @Test
    void logoutTokenWhenKeyRotatedThenSignedWithTheNewKeyLikeIdTokens() {
        try (DevProvider rotated = DevProvider.builder().signingAlgorithm("ES256").start()) {
            rotated.faults().rotateSigningKey();
            OpClient client = new OpClient(rotated);
            String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");

            String token = rotated.logoutToken(SUBJECT, SID);

            Map<String, Object> header = SignatureFaultTest.header(token);
            assertEquals("ES256", header.get("alg"));
            assertEquals(SignatureFaultTest.header(idToken).get("kid"), header.get("kid"));
            TokenVerifier.of(rotated, "ES256", Clock.systemUTC()).logoutToken(token, DevProvider.DEMO_CLIENT_ID);
        }
    }

    private static JwtClaims verify(String jwt, Key key, String algorithm) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                .setSkipAllValidators()
                .build()
                .processToClaims(jwt);
    }

    private static String decrypt(String jwe) throws JoseException {
        JsonWebEncryption decrypter = new JsonWebEncryption();
        decrypter.setAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, "RSA-OAEP-256"));
        decrypter.setCompactSerialization(jwe);
        decrypter.setKey(op.signingKeys().encryptionKey().getPrivateKey());
        return decrypter.getPayload();
    }

    private static JwtClaims payload(String jws) throws Exception {
        return JwtClaims.parse(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
