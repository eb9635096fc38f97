package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static dev.oidchybrid.filter.testing.TestIdTokens.NONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per ID token rule of OpenID Connect Core 1.0 §3.1.3.7 and §3.3.2.11-12. */
class IdTokenValidatorTest {

    private static final long NOW = 1_800_000_000L;
    private static final String CODE = "SplxlOBeZQQYbYS6WxSbIA";
    private static final String ACCESS_TOKEN = "jHkWEdUXMU1BwAsC4vtUsZwnNq8";

    private final MutableClock clock = MutableClock.at(NOW);
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private String jwks = TestKeys.jwks(TestKeys.RSA, TestKeys.EC);

    private IdTokenValidator validator(UnaryOperator<OidcConfig.Builder> customize) {
        OidcConfig config = customize.apply(OidcConfig.builder()
                .set(InitParam.ISSUER, TestIdTokens.ISSUER)
                .set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID)).build();
        JwksKeyResolver keys = new JwksKeyResolver(() -> {
            jwksFetches.incrementAndGet();
            return jwks;
        }, clock, Duration.ofMinutes(1), Duration.ofHours(24));
        return new IdTokenValidator(IdTokenValidator.Settings.from(config), keys, clock);
    }

    private IdTokenValidator validator() {
        return validator(b -> b);
    }

    private static IdTokenExpectations tokenEndpoint() {
        return IdTokenExpectations.tokenEndpoint(NONCE, null);
    }

    private static TestIdTokens token() {
        return TestIdTokens.at(NOW);
    }

    private void assertRejected(String token, IdTokenExpectations expect, String expectedProblem) {
        OidcException e = assertThrows(OidcException.class, () -> validator().validate(token, expect));
        assertEquals(ErrorCode.INVALID_ID_TOKEN, e.code());
        assertTrue(e.description().contains(expectedProblem), e.description());
    }

    private void assertRejected(String token, String expectedProblem) {
        assertRejected(token, tokenEndpoint(), expectedProblem);
    }

    @Test
    void validateWhenAllRulesHoldThenReturnsClaims() {
        ValidatedIdToken valid = validator().validate(token().with("https://example.com/roles",
                java.util.List.of("admin")).build(), tokenEndpoint());
        assertEquals(TestIdTokens.SUBJECT, valid.subject());
        assertEquals(TestIdTokens.ISSUER, valid.issuer());
        assertEquals(java.util.List.of("admin"), valid.claims().get("https://example.com/roles"));
    }

    @Test
    void validateWhenIssuerMismatchThenRejected() {
        assertRejected(token().with("iss", "https://evil.example.com").build(), "iss 'https://evil.example.com'");
    }

    @Test
    void validateWhenIssuerMissingThenRejected() {
        assertRejected(token().without("iss").build(), "iss missing");
    }

    @Test
    void validateWhenSubMissingThenRejected() {
        assertRejected(token().without("sub").build(), "sub missing");
    }

    @Test
    void validateWhenAudMismatchThenRejected() {
        assertRejected(token().with("aud", "other-client").build(), "aud does not contain this client_id");
    }

    @Test
    void validateWhenAudMissingThenRejected() {
        assertRejected(token().without("aud").build(), "aud missing");
    }

    @Test
    void validateWhenAudHasANonStringEntryThenRejected() {
        String token = token().with("aud", java.util.List.of(TestIdTokens.CLIENT_ID, 42)).build();
        assertRejected(token, "aud contains a non-string value");
        assertEquals(java.util.List.of(new ClaimRules.Problem("aud", ClaimRules.TYPE,
                "aud contains a non-string value")), validator().problems(token, tokenEndpoint()));
    }

    @Test
    void problemsWhenValidThenEmptyAndWhenExpiredThenOneNamingExp() {
        assertEquals(java.util.List.of(), validator().problems(token().build(), tokenEndpoint()));
        assertEquals(java.util.List.of("exp " + ClaimRules.EXPIRED), validator().problems(
                token().with("exp", NOW - 60).build(), tokenEndpoint()).stream().map(p -> p.claim() + " " + p.rule())
                .toList());
    }

    @Test
    void validateWhenAudArrayHasUntrustedAudienceAndNoAzpThenRejected() {
        assertRejected(token().audiences(TestIdTokens.CLIENT_ID, "untrusted-api").build(), "azp is missing");
    }

    @Test
    void validateWhenAudArrayHasWrongAzpThenRejected() {
        assertRejected(token().audiences(TestIdTokens.CLIENT_ID, "untrusted-api").with("azp", "untrusted-api").build(),
                "azp is not this client_id");
    }

    @Test
    void validateWhenAudArrayHasAzpEqualClientIdThenAccepted() {
        validator().validate(token().audiences(TestIdTokens.CLIENT_ID, "api").with("azp", TestIdTokens.CLIENT_ID)
                .build(), tokenEndpoint());
    }

    @Test
    void validateWhenSingleAudienceHasWrongAzpThenRejected() {
        assertRejected(token().with("azp", "someone-else").build(), "azp is not this client_id");
    }

    @Test
    void validateWhenIatMissingThenRejected() {
        assertRejected(token().without("iat").build(), "iat missing");
    }

    @Test
    void validateWhenIatInTheFutureBeyondSkewThenRejected() {
        assertRejected(token().with("iat", NOW + 120).build(), "issued in the future");
    }

    @Test
    void validateWhenExpInThePastBeyondSkewThenRejected() {
        assertRejected(token().with("exp", NOW - 61).build(), "expired");
    }

    @Test
    void validateWhenExpInThePastWithinSkewThenAccepted() {
        validator().validate(token().with("exp", NOW - 30).build(), tokenEndpoint());
    }

    @Test
    void validateWhenExpMissingThenRejected() {
        assertRejected(token().without("exp").build(), "exp missing");
    }

    @Test
    void validateWhenNbfInTheFutureThenRejected() {
        assertRejected(token().with("nbf", NOW + 600).build(), "not yet valid");
    }

    @Test
    void validateWhenSignedByAnotherKeyWithTheSameKidThenRejected() {
        assertRejected(token().signedWith(TestKeys.ATTACKER_RSA, "RS256").build(), "signature or format rejected");
    }

    @Test
    void validateWhenPayloadAlteredThenRejected() {
        String[] genuine = token().build().split("\\.");
        String otherPayload = token().with("sub", "admin").build().split("\\.")[1];
        assertRejected(genuine[0] + "." + otherPayload + "." + genuine[2], "signature or format rejected");
    }

    @Test
    void validateWhenAlgNoneThenRejected() throws Exception {
        JwtClaims claims = JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(
                token().build().split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        assertRejected(jws.getCompactSerialization(), "signature or format rejected");
    }

    @Test
    void validateWhenHs256KeyedWithTheProvidersPublicKeyThenRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new String(java.util.Base64.getUrlDecoder().decode(token().build().split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(TestKeys.RSA.getKeyId());
        jws.setKey(new HmacKey(TestKeys.RSA.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertRejected(jws.getCompactSerialization(), "signature or format rejected");
    }

    @Test
    void validateWhenAlgNoneOrHmacThenRejectedWithoutFetchingTheKeySet() throws Exception {
        IdTokenValidator validator = validator();
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload("{}");
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setKeyIdHeaderValue("made-up");
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        String forged = none.getCompactSerialization();
        for (int i = 0; i < 10; i++) {
            OidcException e = assertThrows(OidcException.class, () -> validator.validate(forged, tokenEndpoint()));
            assertTrue(e.description().contains("algorithm 'none' not allowed"), e.description());
        }
        assertEquals(0, jwksFetches.get());
    }

    @Test
    void validateWhenAlgorithmNotInAllowListThenRejected() {
        OidcException e = assertThrows(OidcException.class, () -> validator(b -> b.set(InitParam.ID_TOKEN_ALGORITHMS,
                "ES256")).validate(token().build(), tokenEndpoint()));
        assertEquals(ErrorCode.INVALID_ID_TOKEN, e.code());
    }

    @Test
    void validateWhenEs256ThenAccepted() {
        validator().validate(token().signedWith(TestKeys.EC, "ES256").build(), tokenEndpoint());
    }

    @Test
    void validateWhenPs256ThenAccepted() {
        validator().validate(token().signedWith(TestKeys.RSA, "PS256").build(), tokenEndpoint());
    }

    @Test
    void validateWhenKidAbsentAndTheKeySetHasOneMatchingKeyThenAccepted() {
        jwks = TestKeys.jwks(TestKeys.RSA);
        validator().validate(token().kid(null).build(), tokenEndpoint());
    }

    @Test
    void validateWhenEncryptedThenRejected() throws Exception {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_128_CBC_HMAC_SHA_256);
        jwe.setKey(TestKeys.RSA.getPublicKey());
        jwe.setPayload(token().build());
        assertRejected(jwe.getCompactSerialization(), "encrypted");
    }

    @Test
    void validateWhenNonceMismatchThenRejected() {
        assertRejected(token().with("nonce", "another-nonce").build(), "nonce does not match");
    }

    @Test
    void validateWhenNonceMissingThenRejected() {
        assertRejected(token().without("nonce").build(), "nonce missing");
    }

    @Test
    void validateWhenCHashMatchesThenAccepted() {
        validator().validate(token().codeHashFor(CODE).build(), IdTokenExpectations.frontChannel(NONCE, CODE, null));
    }

    @Test
    void validateWhenCHashWrongThenRejected() {
        assertRejected(token().codeHashFor("another-code").build(), IdTokenExpectations.frontChannel(NONCE, CODE, null),
                "c_hash does not match");
    }

    @Test
    void validateWhenCHashMissingInFrontChannelThenRejected() {
        assertRejected(token().build(), IdTokenExpectations.frontChannel(NONCE, CODE, null), "c_hash missing");
    }

    @Test
    void validateWhenAtHashWrongThenRejected() {
        assertRejected(token().codeHashFor(CODE).accessTokenHashFor("another-token").build(),
                IdTokenExpectations.frontChannel(NONCE, CODE, ACCESS_TOKEN), "at_hash does not match");
    }

    @Test
    void validateWhenAtHashMissingWithFrontChannelAccessTokenThenRejected() {
        assertRejected(token().codeHashFor(CODE).build(),
                IdTokenExpectations.frontChannel(NONCE, CODE, ACCESS_TOKEN), "at_hash missing");
    }

    @Test
    void validateWhenAtHashWrongAtTokenEndpointThenRejected() {
        assertRejected(token().accessTokenHashFor("another-token").build(),
                IdTokenExpectations.tokenEndpoint(NONCE, ACCESS_TOKEN), "at_hash does not match");
    }

    @Test
    void validateWhenAtHashAbsentAtTokenEndpointThenAccepted() {
        validator().validate(token().build(), IdTokenExpectations.tokenEndpoint(NONCE, ACCESS_TOKEN));
    }

    @Test
    void validateWhenMaxAgeRequestedAndAuthTimeMissingThenRejected() {
        OidcException e = assertThrows(OidcException.class, () -> validator(b -> b.set(InitParam.MAX_AGE, "300"))
                .validate(token().without("auth_time").build(), tokenEndpoint()));
        assertTrue(e.description().contains("auth_time missing"), e.description());
    }

    @Test
    void validateWhenAuthTimeOlderThanMaxAgeThenRejected() {
        OidcException e = assertThrows(OidcException.class, () -> validator(b -> b.set(InitParam.MAX_AGE, "300"))
                .validate(token().with("auth_time", NOW - 3600).build(), tokenEndpoint()));
        assertTrue(e.description().contains("older than max_age"), e.description());
    }

    @Test
    void validateWhenOrganizationConfiguredAndOrgIdMissingOrOtherThenRejected() {
        IdTokenValidator validator = validator(b -> b.set(InitParam.ORGANIZATION, "org_123"));
        OidcException missing = assertThrows(OidcException.class, () -> validator.validate(token().build(),
                tokenEndpoint()));
        assertTrue(missing.description().contains("org_id missing"), missing.description());
        OidcException other = assertThrows(OidcException.class, () -> validator.validate(
                token().with("org_id", "org_456").build(), tokenEndpoint()));
        assertTrue(other.description().contains("org_id is not the configured organization"), other.description());
        validator.validate(token().with("org_id", "org_123").build(), tokenEndpoint());
    }

    @Test
    void validateWhenOrganizationConfiguredByNameThenOrgNameCheckedCaseInsensitively() {
        IdTokenValidator validator = validator(b -> b.set(InitParam.ORGANIZATION, "Acme"));
        validator.validate(token().with("org_name", "acme").build(), tokenEndpoint());
        assertThrows(OidcException.class, () -> validator.validate(token().with("org_name", "globex").build(),
                tokenEndpoint()));
    }

    @Test
    void validateWhenSeveralRulesFailThenAllAreReportedAtOnce() {
        OidcException e = assertThrows(OidcException.class, () -> validator().validate(
                token().with("iss", "https://evil.example.com").without("sub").with("exp", NOW - 3600).build(),
                tokenEndpoint()));
        assertTrue(e.description().contains("iss") && e.description().contains("sub missing")
                && e.description().contains("expired"), e.description());
    }

    @Test
    void validateWhenGarbageThenRejectedWithoutEchoingIt() {
        OidcException e = assertThrows(OidcException.class, () -> validator().validate("eyJhbGciOi.garbage.xyz",
                tokenEndpoint()));
        assertEquals(ErrorCode.INVALID_ID_TOKEN, e.code());
        assertTrue(!e.description().contains("garbage"), e.description());
    }

    @Test
    void validateWhenUnknownKidThenKeySetFetchedAgainAndNewKeyAccepted() {
        IdTokenValidator validator = validator();
        validator.validate(token().build(), tokenEndpoint());
        assertEquals(1, jwksFetches.get());
        jwks = TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_ROTATED);
        clock.advance(Duration.ofMinutes(2));
        validator.validate(TestIdTokens.at(clock.instant().getEpochSecond())
                .signedWith(TestKeys.RSA_ROTATED, "RS256").build(), tokenEndpoint());
        assertEquals(2, jwksFetches.get());
    }

    @Test
    void validateWhenUnknownKidsFloodThenKeySetFetchedAtMostOncePerMinute() {
        IdTokenValidator validator = validator();
        validator.validate(token().build(), tokenEndpoint());
        clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 50; i++) {
            String forged = TestIdTokens.at(clock.instant().getEpochSecond()).kid("made-up-" + i).build();
            assertThrows(OidcException.class, () -> validator.validate(forged, tokenEndpoint()));
        }
        assertEquals(2, jwksFetches.get(), "one initial fetch and one refetch within the minute");
        clock.advance(Duration.ofSeconds(61));
        String forged = TestIdTokens.at(clock.instant().getEpochSecond()).kid("made-up-again").build();
        assertThrows(OidcException.class, () -> validator.validate(forged, tokenEndpoint()));
        assertEquals(3, jwksFetches.get());
    }

    @Test
    void validateWhenKeySetHasUnknownKeyTypesThenTheyAreIgnored() {
        String known = TestKeys.jwks(TestKeys.RSA);
        jwks = known.replace("{\"keys\":[", "{\"keys\":[{\"kty\":\"QUANTUM\",\"kid\":\"q-1\",\"x\":\"abc\"},");
        validator().validate(token().build(), tokenEndpoint());
    }
}
