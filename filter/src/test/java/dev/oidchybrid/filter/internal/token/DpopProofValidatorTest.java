package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.token.DpopProofValidator.Problem;
import dev.oidchybrid.filter.internal.token.DpopProofValidator.Result;
import dev.oidchybrid.filter.testing.TestDpopProofs;
import dev.oidchybrid.filter.testing.TestKeys;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.oidchybrid.filter.internal.token.DpopProofValidator.ALGORITHM;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.FORMAT;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.FUTURE;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.KEY;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.MISMATCH;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.MISSING;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.REPLAYED;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.SIGNATURE;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.TOO_LONG;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.TOO_OLD;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.TYP;
import static dev.oidchybrid.filter.internal.token.DpopProofValidator.TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per rule of a DPoP proof at a resource (RFC 9449 §4.3, §7.1), asserting on the part and the rule,
 * never on the wording. Each proof is valid but for the one thing a test changes.
 */
class DpopProofValidatorTest {

    private static final long NOW = 1_800_000_000L;
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final String HTU = "https://api.example.com/app/appointments/7";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String JKT = TestDpopProofs.thumbprint(TestDpopProofs.CLIENT_KEY);

    private final Set<String> used = new HashSet<>();
    private final DpopProofValidator validator = new DpopProofValidator(SKEW, (key, expiresAt, now) -> used.add(key));

    private static TestDpopProofs proof() {
        return TestDpopProofs.of("GET", HTU, NOW).forToken(TOKEN);
    }

    private Result validate(String proof) {
        return validate(proof, "GET", HTU);
    }

    private Result validate(String proof, String method, String htu) {
        return validator.validate(proof, method, htu, TOKEN, JKT, Instant.ofEpochSecond(NOW));
    }

    private static void assertProblem(Result result, String part, String rule) {
        assertFalse(result.valid(), "refused");
        assertTrue(result.problems().stream().anyMatch(p -> p.part().equals(part) && p.rule().equals(rule)),
                () -> "expected " + part + "/" + rule + " in " + result.problems());
        assertEquals(null, result.thumbprint(), "no thumbprint for a refused proof");
    }

    @Test
    void validateWhenProofIsValidThenThumbprintOfItsKey() {
        Result result = validate(proof().sign());
        assertTrue(result.valid(), result::describe);
        assertEquals(JKT, result.thumbprint());
    }

    @Test
    void validateWhenProofIsMissingThenMissing() {
        assertProblem(validate(null), "DPoP", MISSING);
    }

    @Test
    void validateWhenProofIsNotACompactJwsThenFormat() {
        assertProblem(validate("not.a-jws"), "DPoP", FORMAT);
        assertProblem(validate(proof().sign() + ".x.y"), "DPoP", FORMAT);
    }

    @Test
    void validateWhenProofIsTooLongThenTooLong() {
        assertProblem(validate(proof().with("padding", "x".repeat(DpopProofValidator.MAX_PROOF_LENGTH)).sign()),
                "DPoP", TOO_LONG);
    }

    @Test
    void validateWhenTypIsJwtThenTyp() {
        assertProblem(validate(proof().header("typ", "JWT").sign()), "typ", TYP);
    }

    @Test
    void validateWhenTypIsMissingThenTyp() {
        assertProblem(validate(proof().header("typ", null).sign()), "typ", TYP);
    }

    @Test
    void validateWhenAlgIsNoneThenAlgorithm() {
        assertProblem(validate(proof().key(TestDpopProofs.CLIENT_KEY, "none").sign()), "alg", ALGORITHM);
    }

    @Test
    void validateWhenAlgIsHs256ThenAlgorithm() {
        assertProblem(validate(proof().signedWith(new HmacKey(new byte[32]), "HS256").sign()), "alg", ALGORITHM);
    }

    @Test
    void validateWhenJwkHasThePrivateKeyThenKey() {
        assertProblem(validate(proof().privateKeyInJwk().sign()), "jwk", KEY);
    }

    @Test
    void validateWhenJwkIsMissingThenKey() {
        assertProblem(validate(proof().withoutJwk().sign()), "jwk", KEY);
        assertProblem(validate(proof().header("jwk", "not an object").sign()), "jwk", KEY);
    }

    @Test
    void validateWhenJwkIsSymmetricThenKey() {
        assertProblem(validate(proof().header("jwk", java.util.Map.of("kty", "oct", "k", "AAAA")).sign()), "jwk", KEY);
    }

    @Test
    void validateWhenSignedByAnotherKeyThenSignature() {
        PublicJsonWebKey other = TestDpopProofs.newKey();
        assertProblem(validate(proof().signedWith(other.getPrivateKey(), "ES256").sign()), "signature", SIGNATURE);
    }

    @Test
    void validateWhenAlgDoesNotFitTheKeyThenSignature() {
        assertProblem(validate(proof().key(TestKeys.RSA, "ES256").signedWith(TestDpopProofs.CLIENT_KEY.getPrivateKey(),
                "ES256").sign()), "signature", SIGNATURE);
    }

    @Test
    void validateWhenRsaKeyWithPs256ThenValidForItsThumbprint() {
        Result result = validator.validate(proof().key(TestKeys.RSA, "PS256").sign(), "GET", HTU, TOKEN,
                TestDpopProofs.thumbprint(TestKeys.RSA), Instant.ofEpochSecond(NOW));
        assertTrue(result.valid(), result::describe);
    }

    @Test
    void validateWhenHtmIsAnotherMethodThenHtmMismatch() {
        assertProblem(validate(proof().with("htm", "POST").sign()), "htm", MISMATCH);
        assertProblem(validate(proof().with("htm", "get").sign()), "htm", MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/app/appointments/8", "https://api.example.com/app/appointments/7/",
            "https://other.example.com/app/appointments/7", "https://api.example.com:8443/app/appointments/7",
            "http://api.example.com/app/appointments/7", "/app/appointments/7",
            "https://user@api.example.com/app/appointments/7"})
    void validateWhenHtuIsAnotherUrlThenHtuMismatch(String htu) {
        assertProblem(validate(proof().with("htu", htu).sign()), "htu", MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/app/appointments/7?page=2", "https://api.example.com/app/appointments/7#x",
            "HTTPS://API.Example.COM/app/appointments/7", "https://api.example.com:443/app/appointments/7"})
    void validateWhenHtuDiffersOnlyInQueryFragmentCaseOrDefaultPortThenValid(String htu) {
        Result result = validate(proof().with("htu", htu).sign());
        assertTrue(result.valid(), result::describe);
    }

    @Test
    void validateWhenRequestUrlHasDefaultPortOrQueryThenStillMatches() {
        Result result = validate(proof().sign(), "GET", "https://api.example.com:443/app/appointments/7?x=1");
        assertTrue(result.valid(), result::describe);
    }

    @Test
    void validateWhenIatIsOlderThanTheWindowThenTooOld() {
        long stale = NOW - DpopProofValidator.WINDOW.toSeconds() - SKEW.toSeconds() - 1;
        assertProblem(validate(proof().with("iat", stale).sign()), "iat", TOO_OLD);
    }

    @Test
    void validateWhenIatIsInTheFutureBeyondTheSkewThenFuture() {
        assertProblem(validate(proof().with("iat", NOW + SKEW.toSeconds() + 1).sign()), "iat", FUTURE);
        assertTrue(validate(proof().with("iat", NOW + SKEW.toSeconds()).sign()).valid(), "within the skew");
    }

    @Test
    void validateWhenIatIsNotANumberThenType() {
        assertProblem(validate(proof().with("iat", "1800000000").sign()), "iat", TYPE);
    }

    @Test
    void validateWhenJtiIsReplayedThenReplayed() {
        String proof = proof().sign();
        assertTrue(validate(proof).valid());
        assertProblem(validate(proof), "jti", REPLAYED);
    }

    @Test
    void validateWhenAProofIsRefusedThenItsJtiIsNotSpent() {
        assertProblem(validate(proof().with("jti", "one").with("ath", "wrong").sign()), "ath", MISMATCH);
        assertTrue(validate(proof().with("jti", "one").sign()).valid(), "a refused proof spends no jti");
    }

    @Test
    void validateWhenJtiIsMissingThenMissing() {
        assertProblem(validate(proof().without("jti").sign()), "jti", MISSING);
    }

    @Test
    void validateWhenJtiIsTooLongThenTooLong() {
        assertProblem(validate(proof().with("jti", "j".repeat(DpopProofValidator.MAX_JTI_LENGTH + 1)).sign()),
                "jti", TOO_LONG);
    }

    @Test
    void validateWhenAthIsOfAnotherTokenThenAthMismatch() {
        assertProblem(validate(proof().forToken(TOKEN + "x").sign()), "ath", MISMATCH);
    }

    @Test
    void validateWhenAthIsMissingThenMissing() {
        assertProblem(validate(proof().without("ath").sign()), "ath", MISSING);
    }

    @Test
    void validateWhenHtmOrHtuIsMissingThenMissing() {
        assertProblem(validate(proof().without("htm").sign()), "htm", MISSING);
        assertProblem(validate(proof().without("htu").sign()), "htu", MISSING);
    }

    @Test
    void validateWhenProofKeyIsNotTheTokensKeyThenJktMismatch() {
        PublicJsonWebKey other = TestDpopProofs.newKey();
        assertProblem(validate(proof().key(other, "ES256").sign()), "cnf.jkt", MISMATCH);
    }

    @Test
    void validateWhenTokenIsUnboundThenJktMissing() {
        Result result = validator.validate(proof().sign(), "GET", HTU, TOKEN, null, Instant.ofEpochSecond(NOW));
        assertProblem(result, "cnf.jkt", MISSING);
    }

    @Test
    void validateWhenSeveralRulesFailThenEveryProblemIsReported() {
        List<Problem> problems = validate(proof().with("htm", "PUT").without("ath").sign()).problems();
        assertEquals(2, problems.size(), problems::toString);
    }

    private DpopProofValidator withNonces(DpopNonces nonces) {
        return new DpopProofValidator(SKEW, (key, expiresAt, now) -> used.add(key), java.util.Optional.of(nonces));
    }

    private static DpopNonces nonces() {
        return new DpopNonces(List.of("nonce-key-0123456789abcdef0123456789".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), dev.oidchybrid.filter.testing.MutableClock.at(NOW));
    }

    @Test
    void validateWhenNoncesAreRequiredAndTheProofHasNoneThenNonceMissingAndUseDpopNonce() {
        Result result = withNonces(nonces()).validate(proof().sign(), "GET", HTU, TOKEN, JKT, Instant.ofEpochSecond(NOW));
        assertProblem(result, "nonce", MISSING);
        assertTrue(result.needsNonce());
    }

    @Test
    void validateWhenNoncesAreRequiredAndTheNonceIsNotOneOfOursThenNonceMismatch() {
        Result result = withNonces(nonces()).validate(proof().with("nonce", "1.forged").sign(), "GET", HTU, TOKEN, JKT,
                Instant.ofEpochSecond(NOW));
        assertProblem(result, "nonce", MISMATCH);
        assertTrue(result.needsNonce());
    }

    @Test
    void validateWhenNoncesAreRequiredAndTheProofCarriesTheCurrentOneThenValid() {
        DpopProofValidator validator = withNonces(nonces());
        String nonce = validator.nonce().orElseThrow();
        Result result = validator.validate(proof().with("nonce", nonce).sign(), "GET", HTU, TOKEN, JKT,
                Instant.ofEpochSecond(NOW));
        assertTrue(result.valid(), result::describe);
    }

    @Test
    void validateWhenOtherRulesFailBesidesTheNonceThenNotJustUseDpopNonce() {
        Result result = withNonces(nonces()).validate(proof().without("ath").sign(), "GET", HTU, TOKEN, JKT,
                Instant.ofEpochSecond(NOW));
        assertFalse(result.needsNonce(), "an invalid proof is invalid_dpop_proof, not a nonce request");
    }

    @Test
    void validateWhenNoncesAreNotRequiredThenNoNonceIsIssued() {
        assertTrue(validator.nonce().isEmpty());
    }
}
