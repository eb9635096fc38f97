package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static dev.oidchybrid.filter.internal.token.ClaimRules.EXPIRED;
import static dev.oidchybrid.filter.internal.token.ClaimRules.FUTURE;
import static dev.oidchybrid.filter.internal.token.ClaimRules.MISMATCH;
import static dev.oidchybrid.filter.internal.token.ClaimRules.MISSING;
import static dev.oidchybrid.filter.internal.token.ClaimRules.TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which JWTs bearer mode takes for access tokens (RFC 9068 §4): {@code at+jwt}; untyped or {@code JWT} ones
 * only without ID-token markers, and never in strict mode. The audience is the client id here on purpose: that
 * is where a user's ID token would otherwise open the API (common with Entra ID).
 */
class AccessTokenValidatorTest {

    private static final long NOW = 1_800_000_000L;
    /** The default clock-skew. */
    private static final long SKEW = 60;
    private final MutableClock clock = MutableClock.at(NOW);

    private AccessTokenValidator validator(String accessTokenTypes) {
        OidcConfig config = OidcConfig.builder()
                .set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, TestIdTokens.ISSUER)
                .set(InitParam.AUDIENCE, TestIdTokens.CLIENT_ID)
                .set(InitParam.ACCESS_TOKEN_TYPES, accessTokenTypes).build();
        JwksKeyResolver keys = new JwksKeyResolver(() -> TestKeys.jwks(TestKeys.RSA, TestKeys.EC), clock,
                Duration.ofMinutes(1), Duration.ofHours(24));
        return new AccessTokenValidator(AccessTokenValidator.Settings.from(config), keys, clock);
    }

    private AccessTokenValidator validator() {
        return validator("at+jwt, jwt");
    }

    /** An access token as most providers issue it: no nonce, no auth_time, a scope. */
    private static TestIdTokens accessToken() {
        return TestIdTokens.at(NOW).without("nonce").without("auth_time").with("scope", "openid read");
    }

    private static String rejection(AccessTokenValidator validator, String token) {
        OidcException e = assertThrows(OidcException.class, () -> validator.validate(token));
        assertEquals(dev.oidchybrid.filter.internal.ErrorCode.INVALID_ACCESS_TOKEN, e.code(), "its own code, not an ID token's");
        return e.description();
    }

    /** The failed rules as "claim rule", in the order the validator reports them. */
    private List<String> failures(TestIdTokens token) {
        return validator().problems(token.build()).stream().map(p -> p.claim() + " " + p.rule()).toList();
    }

    private void assertOnlyFailure(TestIdTokens token, String claim, String rule) {
        assertEquals(List.of(claim + " " + rule), failures(token));
    }

    @Test
    void validateWhenCnfIsNotAnObjectThenCnfType() {
        assertOnlyFailure(accessToken().typ("at+jwt").with("cnf", "jkt"), "cnf", TYPE);
    }

    @Test
    void validateWhenCnfJktIsNotAStringThenCnfType() {
        assertOnlyFailure(accessToken().typ("at+jwt").with("cnf", java.util.Map.of("jkt", 7)), "cnf", TYPE);
        assertOnlyFailure(accessToken().typ("at+jwt").with("cnf", java.util.Map.of("jkt", "")), "cnf", TYPE);
    }

    @Test
    void validateWhenCnfBindsTheTokenToAnMtlsCertificateThenCnfMismatch() {
        // RFC 8705 §3.1: a certificate-bound token; taken as unbound, a stolen one would pass as Bearer
        assertOnlyFailure(accessToken().typ("at+jwt").with("cnf", java.util.Map.of("x5t#S256",
                "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")), "cnf", MISMATCH);
        assertOnlyFailure(accessToken().typ("at+jwt").with("cnf", java.util.Map.of("jkt", "thumb", "x5t#S256",
                "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")), "cnf", MISMATCH);
    }

    @Test
    void validateWhenCnfNamesAProofKeyByKidThenCnfMismatch() {
        // RFC 7800 §3.4: a proof-of-possession key this resource has no way to check
        assertOnlyFailure(accessToken().typ("at+jwt").with("cnf", java.util.Map.of("kid", "client-key-1")), "cnf",
                MISMATCH);
    }

    @Test
    void validateWhenCnfJktIsAStringThenTheTokenIsBoundToIt() {
        String bound = accessToken().typ("at+jwt").with("cnf", java.util.Map.of("jkt", "thumb")).build();
        assertEquals(java.util.Optional.of("thumb"), validator().validate(bound).boundKey());
        assertEquals(java.util.Optional.empty(), validator().validate(accessToken().build()).boundKey());
    }

    @Test
    void validateWhenUsersIdTokenWithoutTypThenRejectedAsIdToken() {
        String idToken = TestIdTokens.at(NOW).build();
        assertTrue(rejection(validator(), idToken).contains("an ID token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonce", "at_hash", "c_hash", "s_hash"})
    void validateWhenTypJwtAndIdTokenHashOrNonceThenRejected(String marker) {
        String token = accessToken().typ("JWT").with(marker, "x").build();
        assertTrue(rejection(validator(), token).contains("carries " + marker));
    }

    @Test
    void validateWhenKeycloakPayloadTypIdThenRejected() {
        String token = accessToken().with("typ", "ID").build();
        assertTrue(rejection(validator(), token).contains("payload typ is ID"));
    }

    @Test
    void validateWhenAzpEqualsAudAndNoScopeThenRejected() {
        String token = accessToken().without("scope").with("azp", TestIdTokens.CLIENT_ID).build();
        assertTrue(rejection(validator(), token).contains("azp equals aud"));
        String inList = accessToken().without("scope").audiences(TestIdTokens.CLIENT_ID)
                .with("azp", TestIdTokens.CLIENT_ID).build();
        assertTrue(rejection(validator(), inList).contains("azp equals aud"));
    }

    @Test
    void validateWhenRefreshedIdTokenWithoutNonceOrHashesThenRejectedForLackOfAccessTokenClaims() {
        // as Entra ID issues it on refresh: typ JWT, aud the client, no nonce, no azp, no scp, maybe roles
        String refreshed = TestIdTokens.at(NOW).typ("JWT").without("nonce").with("ver", "2.0")
                .with("roles", java.util.List.of("admin")).build();
        assertTrue(rejection(validator(), refreshed).contains("has none of scope, scp, client_id"));
    }

    @Test
    void validateWhenAppOnlyTokenForItsOwnApiThenAccepted() {
        // Entra client credentials for the app's own API: azp = aud, roles instead of scp
        String appOnly = accessToken().typ("JWT").without("scope").with("azp", TestIdTokens.CLIENT_ID)
                .with("roles", java.util.List.of("jobs.run")).build();
        assertEquals(TestIdTokens.SUBJECT, validator().validate(appOnly).subject());
    }

    @Test
    void validateWhenUntypedLogoutTokenThenRejected() {
        String logout = accessToken().with("events", java.util.Map.of(
                "http://schemas.openid.net/event/backchannel-logout", java.util.Map.of())).build();
        assertTrue(rejection(validator(), logout).contains("carries events"));
    }

    @Test
    void validateWhenPlainJwtWithoutMarkersThenAccepted() {
        assertEquals(TestIdTokens.SUBJECT, validator().validate(accessToken().build()).subject());
        assertEquals(TestIdTokens.SUBJECT, validator().validate(accessToken().typ("JWT").build()).subject());
        String withAzpAndScope = accessToken().with("azp", TestIdTokens.CLIENT_ID).build();
        assertEquals(TestIdTokens.SUBJECT, validator().validate(withAzpAndScope).subject());
    }

    @Test
    void validateWhenAtJwtThenAcceptedWhateverItsClaims() {
        // the provider's signed typ says access token: Auth0 puts azp, Okta puts nothing ID-like there
        String token = accessToken().typ("at+jwt").with("azp", TestIdTokens.CLIENT_ID).without("scope").build();
        assertEquals(TestIdTokens.SUBJECT, validator("at+jwt").validate(token).subject());
        assertEquals(TestIdTokens.SUBJECT, validator().validate(accessToken().typ("application/at+jwt").build())
                .subject());
    }

    @Test
    void validateWhenStrictAndNoTypOrTypJwtThenRejected() {
        assertTrue(rejection(validator("at+jwt"), accessToken().build()).contains("access-token-types"));
        assertTrue(rejection(validator("at+jwt"), accessToken().typ("JWT").build()).contains("access-token-types"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"logout+jwt", "id_token+jwt", "secevent+jwt", "JOSE"})
    void validateWhenOtherTypThenRejected(String typ) {
        assertTrue(rejection(validator(), accessToken().typ(typ).build()).contains("not an accepted access token type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwt", "at+jwt, id+jwt", "", "none"})
    void configWhenAccessTokenTypesWithoutAtJwtOrUnknownThenStartUpFails(String value) {
        OidcConfig.Builder builder = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, TestIdTokens.ISSUER).set(InitParam.AUDIENCE, "api")
                .set(InitParam.ACCESS_TOKEN_TYPES, value.isEmpty() ? "," : value);
        assertTrue(assertThrows(OidcException.class, builder::build).description().contains("access-token-types"));
    }

    @Test
    void validateWhenValidThenNoProblemsAndTheScopes() {
        assertEquals(List.of(), failures(accessToken()));
        assertEquals(java.util.Set.of("openid", "read"), validator().validate(accessToken().build()).scopes());
    }

    @Test
    void validateWhenIssuerWrongThenRejected() {
        assertOnlyFailure(accessToken().with("iss", "https://evil.example.com"), "iss", MISMATCH);
        assertOnlyFailure(accessToken().without("iss"), "iss", MISSING);
    }

    @Test
    void validateWhenAudMissingThenRejected() {
        assertOnlyFailure(accessToken().without("aud"), "aud", MISSING);
        assertOnlyFailure(accessToken().audiences(), "aud", MISSING);
    }

    @Test
    void validateWhenAudWrongThenRejected() {
        assertOnlyFailure(accessToken().with("aud", "another-api"), "aud", MISMATCH);
        assertOnlyFailure(accessToken().audiences("another-api", "third-api"), "aud", MISMATCH);
        assertEquals(List.of(), failures(accessToken().audiences("another-api", TestIdTokens.CLIENT_ID)));
    }

    @Test
    void validateWhenAudHasANonStringEntryThenRejectedEvenBesideTheAudience() {
        assertOnlyFailure(accessToken().with("aud", List.of(TestIdTokens.CLIENT_ID, 42)), "aud", TYPE);
        assertOnlyFailure(accessToken().with("aud", java.util.Map.of("id", TestIdTokens.CLIENT_ID)), "aud", TYPE);
    }

    @Test
    void validateWhenExpMissingOrNotANumberThenRejected() {
        assertOnlyFailure(accessToken().without("exp"), "exp", MISSING);
        assertOnlyFailure(accessToken().with("exp", "soon"), "exp", TYPE);
    }

    @Test
    void validateWhenExpPastWithinSkewThenAcceptedAndBeyondThenRejected() {
        assertEquals(List.of(), failures(accessToken().with("exp", NOW - SKEW + 1)));
        assertOnlyFailure(accessToken().with("exp", NOW - SKEW), "exp", EXPIRED);
    }

    @Test
    void validateWhenIatFutureWithinSkewThenAcceptedAndBeyondThenRejected() {
        assertEquals(List.of(), failures(accessToken().with("iat", NOW + SKEW)));
        assertOnlyFailure(accessToken().with("iat", NOW + SKEW + 1), "iat", FUTURE);
        assertEquals(List.of(), failures(accessToken().without("iat")), "iat is optional for access tokens");
    }

    @Test
    void validateWhenNbfFutureWithinSkewThenAcceptedAndBeyondThenRejected() {
        assertEquals(List.of(), failures(accessToken().with("nbf", NOW + SKEW)));
        assertOnlyFailure(accessToken().with("nbf", NOW + SKEW + 1), "nbf", FUTURE);
    }

    @Test
    void validateWhenSubMissingOrEmptyThenRejected() {
        assertOnlyFailure(accessToken().without("sub"), "sub", MISSING);
        assertOnlyFailure(accessToken().with("sub", ""), "sub", TYPE);
    }

    @Test
    void validateWhenIdTokenMarkerThenTheProblemIsOnTyp() {
        assertOnlyFailure(accessToken().with("nonce", "n"), "typ", MISMATCH);
        assertOnlyFailure(accessToken().typ("logout+jwt"), "typ", MISMATCH);
    }

    @Test
    void validateWhenSeveralRulesFailThenAllAreReportedWithTheAccessTokenCode() {
        String token = accessToken().with("iss", "https://evil.example.com").with("exp", NOW - 3600).build();
        String description = rejection(validator(), token);
        assertTrue(description.startsWith("access token rejected: ") && description.contains("iss")
                && description.contains("expired"), description);
        assertEquals(List.of("iss", "exp"),
                validator().problems(token).stream().map(ClaimRules.Problem::claim).toList());
    }
}
