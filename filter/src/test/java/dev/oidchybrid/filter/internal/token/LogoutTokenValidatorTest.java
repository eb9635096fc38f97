package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.token.ClaimRules.Problem;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.oidchybrid.filter.internal.token.ClaimRules.EXPIRED;
import static dev.oidchybrid.filter.internal.token.ClaimRules.FUTURE;
import static dev.oidchybrid.filter.internal.token.ClaimRules.MISMATCH;
import static dev.oidchybrid.filter.internal.token.ClaimRules.MISSING;
import static dev.oidchybrid.filter.internal.token.ClaimRules.PRESENT;
import static dev.oidchybrid.filter.internal.token.ClaimRules.TOO_LONG;
import static dev.oidchybrid.filter.internal.token.ClaimRules.TOO_OLD;
import static dev.oidchybrid.filter.internal.token.ClaimRules.TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per logout token rule (OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6), asserted on the claim and
 * the rule that failed, not on the wording of the log. The clock skew is 60 s.
 */
class LogoutTokenValidatorTest {

    private static final long NOW = 1_800_000_000L;
    private static final long SKEW = 60;

    private final MutableClock clock = MutableClock.at(NOW);
    private final LogoutTokenValidator validator = new LogoutTokenValidator(new LogoutTokenValidator.Settings(
            TestIdTokens.ISSUER, TestIdTokens.CLIENT_ID, Duration.ofSeconds(SKEW), Set.of("RS256", "ES256")),
            new JwksKeyResolver(() -> TestKeys.jwks(TestKeys.RSA, TestKeys.EC), clock, Duration.ofMinutes(1),
                    Duration.ofHours(24)), clock);

    /** A valid logout token as a provider sends it: typed, with jti, the event, sid and sub, and no nonce. */
    private static TestIdTokens logoutToken() {
        return TestIdTokens.at(NOW).typ("logout+jwt").without("nonce").without("auth_time")
                .with("exp", NOW + 120).with("jti", "jti-1").with("sid", "sid-1")
                .with("events", Map.of(LogoutTokenValidator.EVENT, Map.of()));
    }

    /** The failed rules as "claim rule", in the order the validator reports them. */
    private List<String> failures(TestIdTokens token) {
        return validator.problems(token.build()).stream().map(p -> p.claim() + " " + p.rule()).toList();
    }

    private void assertOnlyFailure(TestIdTokens token, String claim, String rule) {
        assertEquals(List.of(claim + " " + rule), failures(token));
    }

    @Test
    void validateWhenAllRulesHoldThenReturnsTheLogoutRequest() {
        LogoutRequest request = validator.validate(logoutToken().build());
        assertEquals(new LogoutRequest(TestIdTokens.ISSUER, TestIdTokens.SUBJECT, "sid-1", "jti-1", NOW), request);
        assertEquals(List.of(), failures(logoutToken()));
    }

    @Test
    void validateWhenARuleFailsThenInvalidRequestNamingEveryProblem() {
        OidcException e = assertThrows(OidcException.class, () -> validator.validate(
                logoutToken().with("iss", "https://evil.example.com").without("jti").build()));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.description().startsWith("logout token rejected: "), e.description());
        assertTrue(e.description().contains("is not the configured issuer") && e.description().contains("jti missing"),
                e.description());
    }

    @Test
    void validateWhenSignatureByAnotherKeyThenRejectedBeforeTheClaims() {
        OidcException e = assertThrows(OidcException.class, () -> validator.problems(
                logoutToken().signedWith(TestKeys.ATTACKER_RSA, "RS256").build()));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.description().startsWith("logout token signature or format rejected"), e.description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"logout+jwt", "application/logout+jwt", "Logout+JWT"})
    void validateWhenTypIsLogoutJwtThenAccepted(String typ) {
        assertEquals(List.of(), failures(logoutToken().typ(typ)));
        assertEquals(List.of(), failures(logoutToken().typ(null)), "typ is optional");
    }

    @Test
    void validateWhenTypIsAnotherTypeThenRejected() {
        assertOnlyFailure(logoutToken().typ("JWT"), "typ", MISMATCH);
    }

    @Test
    void validateWhenIssuerWrongThenRejected() {
        assertOnlyFailure(logoutToken().with("iss", "https://evil.example.com"), "iss", MISMATCH);
    }

    @Test
    void validateWhenIssuerMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("iss"), "iss", MISSING);
    }

    @Test
    void validateWhenAudMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("aud"), "aud", MISSING);
        assertOnlyFailure(logoutToken().audiences(), "aud", MISSING);
    }

    @Test
    void validateWhenAudWrongThenRejected() {
        assertOnlyFailure(logoutToken().with("aud", "other-client"), "aud", MISMATCH);
        assertOnlyFailure(logoutToken().audiences("other-client", "api"), "aud", MISMATCH);
    }

    @Test
    void validateWhenAudArrayContainsClientIdThenAccepted() {
        assertEquals(List.of(), failures(logoutToken().audiences("api", TestIdTokens.CLIENT_ID)));
    }

    @Test
    void validateWhenAudHasANonStringEntryThenRejectedEvenBesideTheClientId() {
        assertOnlyFailure(logoutToken().with("aud", List.of(TestIdTokens.CLIENT_ID, 42)), "aud", TYPE);
        assertOnlyFailure(logoutToken().with("aud", 42), "aud", TYPE);
    }

    @Test
    void validateWhenExpMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("exp"), "exp", MISSING);
    }

    @Test
    void validateWhenExpNotANumberThenRejected() {
        assertOnlyFailure(logoutToken().with("exp", "tomorrow"), "exp", TYPE);
    }

    @Test
    void validateWhenExpPastWithinSkewThenAcceptedAndBeyondThenRejected() {
        assertEquals(List.of(), failures(logoutToken().with("exp", NOW - SKEW + 1)));
        assertOnlyFailure(logoutToken().with("exp", NOW - SKEW), "exp", EXPIRED);
        assertOnlyFailure(logoutToken().with("exp", NOW - 3600).with("iat", NOW - 400), "exp", EXPIRED);
    }

    @Test
    void validateWhenIatMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("iat"), "iat", MISSING);
    }

    @Test
    void validateWhenIatFutureWithinSkewThenAcceptedAndBeyondThenRejected() {
        assertEquals(List.of(), failures(logoutToken().with("iat", NOW + SKEW)));
        assertOnlyFailure(logoutToken().with("iat", NOW + SKEW + 1), "iat", FUTURE);
    }

    @Test
    void validateWhenIatOlderThanMaxAgeBeyondSkewThenRejected() {
        long oldest = NOW - LogoutTokenValidator.MAX_AGE.toSeconds() - SKEW;
        assertEquals(List.of(), failures(logoutToken().with("iat", oldest)));
        assertOnlyFailure(logoutToken().with("iat", oldest - 1), "iat", TOO_OLD);
    }

    @Test
    void validateWhenNbfFutureWithinSkewThenAcceptedAndBeyondThenRejected() {
        assertEquals(List.of(), failures(logoutToken().with("nbf", NOW + SKEW)));
        assertOnlyFailure(logoutToken().with("nbf", NOW + SKEW + 1), "nbf", FUTURE);
    }

    @Test
    void validateWhenJtiMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("jti"), "jti", MISSING);
    }

    @Test
    void validateWhenJtiEmptyOrNotAStringOrTooLongThenRejected() {
        assertOnlyFailure(logoutToken().with("jti", ""), "jti", TYPE);
        assertOnlyFailure(logoutToken().with("jti", 7), "jti", TYPE);
        assertEquals(List.of(), failures(logoutToken().with("jti", "j".repeat(256))));
        assertOnlyFailure(logoutToken().with("jti", "j".repeat(257)), "jti", TOO_LONG);
    }

    @Test
    void validateWhenEventsMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("events"), "events", MISSING);
    }

    @Test
    void validateWhenEventsLackTheBackChannelLogoutEventThenRejected() {
        assertOnlyFailure(logoutToken().with("events", Map.of("http://schemas.openid.net/event/other", Map.of())),
                "events", MISMATCH);
        assertOnlyFailure(logoutToken().with("events", Map.of(LogoutTokenValidator.EVENT, "yes")), "events", MISMATCH);
        assertOnlyFailure(logoutToken().with("events", "backchannel-logout"), "events", MISMATCH);
    }

    @Test
    void validateWhenSidAndSubBothMissingThenRejected() {
        assertOnlyFailure(logoutToken().without("sid").without("sub"), "sid", MISSING);
    }

    @Test
    void validateWhenOnlySidOrOnlySubThenAccepted() {
        assertEquals(new LogoutRequest(TestIdTokens.ISSUER, null, "sid-1", "jti-1", NOW),
                validator.validate(logoutToken().without("sub").build()));
        assertEquals(new LogoutRequest(TestIdTokens.ISSUER, TestIdTokens.SUBJECT, null, "jti-1", NOW),
                validator.validate(logoutToken().without("sid").build()));
    }

    @Test
    void validateWhenNoncePresentThenRejected() {
        assertOnlyFailure(logoutToken().with("nonce", TestIdTokens.NONCE), "nonce", PRESENT);
    }

    @Test
    void validateWhenAnIdTokenIsSentThenEveryLogoutRuleItBreaksIsReported() {
        List<Problem> problems = validator.problems(TestIdTokens.at(NOW).build());
        assertEquals(List.of("jti", "events", "nonce"), problems.stream().map(Problem::claim).toList());
    }
}
