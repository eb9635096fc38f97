package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.token.DpopKey;

import dev.oidchybrid.filter.internal.cluster.LocalUsedStates;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;
import dev.oidchybrid.filter.internal.token.IdTokenValidator;
import dev.oidchybrid.filter.internal.token.TokenClient;
import dev.oidchybrid.filter.internal.token.TokenResponse;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.oidchybrid.filter.testing.TestIdTokens.NONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The callback orchestration with a fake token endpoint and real signed tokens. */
class LoginFlowTest {

    private static final long NOW = 1_800_000_000L;
    private static final String CODE = "authorization-code-1";
    private static final String STATE = "state-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String REDIRECT = "https://app.example.com/callback";

    private final MutableClock clock = MutableClock.at(NOW);
    private final List<String> redeemedCodes = new ArrayList<>();
    private TokenResponse tokenEndpointAnswer = new TokenResponse("at-from-token-endpoint", "Bearer", 300L, "rt-1",
            TestIdTokens.at(NOW).build(), "openid profile");
    private boolean issParameterAdvertised = true;

    private LoginFlow flow(String responseType) {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, TestIdTokens.ISSUER)
                .set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID).set(InitParam.CLIENT_SECRET, "secret")
                .set(InitParam.RESPONSE_TYPE, responseType).build();
        ProviderMetadata metadata = new ProviderMetadata(TestIdTokens.ISSUER, "https://op.example.com/authorize",
                "https://op.example.com/token", "https://op.example.com/jwks", null, null, List.of(), List.of(),
                List.of("S256"), List.of("RS256"), List.of(), issParameterAdvertised);
        JwksKeyResolver keys = new JwksKeyResolver(() -> TestKeys.jwks(TestKeys.RSA), clock, Duration.ofMinutes(1),
                Duration.ofHours(1));
        TokenClient tokens = new TokenClient() {
            @Override
            public TokenResponse redeemCode(String endpoint, String code, String redirectUri, String verifier,
                                            DpopKey dpop) {
                assertEquals("https://op.example.com/token", endpoint);
                assertEquals(REDIRECT, redirectUri);
                assertEquals("verifier-1", verifier);
                redeemedCodes.add(code);
                return tokenEndpointAnswer;
            }

            @Override
            public TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope, DpopKey dpop) {
                throw new AssertionError("a login never refreshes");
            }
        };
        return new LoginFlow(LoginFlow.Settings.from(config), () -> metadata,
                new IdTokenValidator(IdTokenValidator.Settings.from(config), keys, clock), tokens, clock,
                new RandomTokens(new SecureRandom()),
                new LocalUsedStates("test", 100, LocalUsedStates.WhenFull.FORGET_SOONEST_EXPIRING), null);
    }

    private static PendingLogin pending() {
        return new PendingLogin(STATE, NONCE, "verifier-1", "/profile?x=1", Instant.ofEpochSecond(NOW - 5), REDIRECT);
    }

    private static CallbackParams hybrid(String idToken) {
        return new CallbackParams(STATE, CODE, idToken, null, null, TestIdTokens.ISSUER, null, null);
    }

    private static String frontChannelToken() {
        return TestIdTokens.at(NOW).codeHashFor(CODE).build();
    }

    private ErrorCode failure(LoginFlow flow, CallbackParams callback) {
        return assertThrows(OidcException.class, () -> flow.complete(callback, pending())).code();
    }

    private static PendingLogin stepUp(StepUp stepUp) {
        return new PendingLogin(STATE, NONCE, "verifier-1", "/billing", Instant.ofEpochSecond(NOW - 5), REDIRECT,
                false, stepUp);
    }

    private static CallbackParams codeFlow() {
        return new CallbackParams(STATE, CODE, null, null, null, TestIdTokens.ISSUER, null, null);
    }

    @Test
    void startStepUpWhenAcrAndMaxAgeThenSentAndRecordedInThePendingLogin() {
        StepUp wanted = new StepUp(List.of("mfa", "hwk"), Optional.of(60L), true);
        LoginStart start = flow("code").startStepUp(REDIRECT, "/billing", wanted);
        assertTrue(start.authorizationUrl().contains("&acr_values=mfa%20hwk&max_age=60&prompt=login"),
                start.authorizationUrl());
        assertEquals(wanted, start.pending().stepUp());
        assertEquals(wanted, flow("code").restart(REDIRECT, start.pending()).pending().stepUp(),
                "a restarted step-up asks for the same");
    }

    @Test
    void completeWhenStepUpAcrReturnedThenSessionElseInsufficientUserAuthentication() {
        StepUp wanted = new StepUp(List.of("mfa"), Optional.empty(), false);
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null, TestIdTokens.at(NOW).with("acr", "mfa")
                .build(), null);
        assertEquals("mfa", flow("code").complete(codeFlow(), stepUp(wanted)).idToken().claims().get("acr"));
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null, TestIdTokens.at(NOW).with("acr", "pwd")
                .build(), null);
        OidcException e = assertThrows(OidcException.class, () -> flow("code").complete(codeFlow(), stepUp(wanted)));
        assertEquals(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, e.code());
        assertTrue(e.description().contains("not one of the requested [mfa]"), e.description());
    }

    @Test
    void completeWhenStepUpMaxAgeAndAuthTimeMissingOrTooOldThenInsufficientUserAuthentication() {
        StepUp wanted = new StepUp(List.of(), Optional.of(60L), true);
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null, TestIdTokens.at(NOW).without("auth_time")
                .build(), null);
        assertEquals(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, assertThrows(OidcException.class,
                () -> flow("code").complete(codeFlow(), stepUp(wanted))).code());
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null, TestIdTokens.at(NOW)
                .with("auth_time", NOW - 60 - 61).build(), null);
        assertEquals(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, assertThrows(OidcException.class,
                () -> flow("code").complete(codeFlow(), stepUp(wanted))).code());
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null, TestIdTokens.at(NOW)
                .with("auth_time", NOW - 60 - 60).build(), null);
        flow("code").complete(codeFlow(), stepUp(wanted));
    }

    @Test
    void completeWhenHybridResponseValidThenTokensFromTheTokenEndpoint() {
        LoginResult result = flow("code id_token").complete(hybrid(frontChannelToken()), pending());
        assertEquals(List.of(CODE), redeemedCodes);
        assertEquals("at-from-token-endpoint", result.tokens().accessToken());
        assertEquals("rt-1", result.tokens().refreshToken());
        assertEquals(Instant.ofEpochSecond(NOW + 300), result.tokens().expiresAt());
        assertEquals(TestIdTokens.SUBJECT, result.idToken().subject());
        assertEquals("/profile?x=1", result.returnPath());
    }

    @Test
    void completeWhenCodeFlowThenTokenEndpointIdTokenValidated() {
        LoginResult result = flow("code").complete(new CallbackParams(STATE, CODE, null, null, null,
                TestIdTokens.ISSUER, null, null), pending());
        assertEquals(TestIdTokens.SUBJECT, result.idToken().subject());
    }

    @Test
    void completeWhenCodeIdTokenTokenThenAtHashOfFrontChannelAccessTokenChecked() {
        String frontAccess = "front-channel-access-token";
        String idToken = TestIdTokens.at(NOW).codeHashFor(CODE).accessTokenHashFor(frontAccess).build();
        LoginResult result = flow("code id_token token").complete(new CallbackParams(STATE, CODE, idToken, frontAccess,
                "Bearer", TestIdTokens.ISSUER, null, null), pending());
        assertEquals("at-from-token-endpoint", result.tokens().accessToken(), "the token endpoint's access token is kept");
        String noAtHash = TestIdTokens.at(NOW).codeHashFor(CODE).build();
        assertEquals(ErrorCode.INVALID_ID_TOKEN, failure(flow("code id_token token"), new CallbackParams(STATE, CODE,
                noAtHash, frontAccess, "Bearer", TestIdTokens.ISSUER, null, null)));
    }

    @Test
    void completeWhenStateDiffersThenInvalidStateAndNoCodeRedeemed() {
        CallbackParams other = new CallbackParams("another-state-0123456789abcdefghijk", CODE, frontChannelToken(),
                null, null, TestIdTokens.ISSUER, null, null);
        assertEquals(ErrorCode.INVALID_STATE, failure(flow("code id_token"), other));
        assertTrue(redeemedCodes.isEmpty());
    }

    @Test
    void completeWhenLoginOlderThanLoginTimeoutThenInvalidState() {
        LoginFlow flow = flow("code id_token");
        clock.advance(Duration.ofMinutes(11));
        assertEquals(ErrorCode.INVALID_STATE, failure(flow, hybrid(frontChannelToken())));
        assertTrue(redeemedCodes.isEmpty());
    }

    @Test
    void completeWhenCallbackReplayedThenInvalidState() {
        LoginFlow flow = flow("code id_token");
        flow.complete(hybrid(frontChannelToken()), pending());
        assertEquals(ErrorCode.INVALID_STATE, failure(flow, hybrid(frontChannelToken())));
        assertEquals(1, redeemedCodes.size());
    }

    @Test
    void completeWhenIssParameterIsAnotherIssuerThenRejected() {
        CallbackParams mixUp = new CallbackParams(STATE, CODE, frontChannelToken(), null, null,
                "https://attacker.example.com", null, null);
        assertEquals(ErrorCode.INVALID_RESPONSE, failure(flow("code id_token"), mixUp));
        assertTrue(redeemedCodes.isEmpty());
    }

    @Test
    void completeWhenIssParameterMissingButAdvertisedAndNoIdTokenThenRejected() {
        CallbackParams noIss = new CallbackParams(STATE, CODE, null, null, null, null, null, null);
        assertEquals(ErrorCode.INVALID_RESPONSE, failure(flow("code"), noIss));
        assertTrue(redeemedCodes.isEmpty());
    }

    @Test
    void completeWhenIssParameterMissingButTheResponseCarriesAnIdTokenThenItsIssuerIsUsed() {
        CallbackParams noIss = new CallbackParams(STATE, CODE, frontChannelToken(), null, null, null, null, null);
        flow("code id_token").complete(noIss, pending());
        String otherIssuer = TestIdTokens.at(NOW).codeHashFor(CODE).with("iss", "https://attacker.example.com").build();
        assertEquals(ErrorCode.INVALID_ID_TOKEN, failure(flow("code id_token"), new CallbackParams(STATE, CODE,
                otherIssuer, null, null, null, null, null)), "without the parameter, the ID token's iss must match");
    }

    @Test
    void completeWhenIssParameterMissingAndNotAdvertisedThenAccepted() {
        issParameterAdvertised = false;
        flow("code id_token").complete(new CallbackParams(STATE, CODE, frontChannelToken(), null, null, null, null,
                null), pending());
    }

    @Test
    void completeWhenProviderErrorThenOpErrorNamingTheCode() {
        OidcException e = assertThrows(OidcException.class, () -> flow("code id_token").complete(new CallbackParams(
                STATE, null, null, null, null, TestIdTokens.ISSUER, "access_denied", "User cancelled"), pending()));
        assertEquals(ErrorCode.OP_ERROR, e.code());
        assertEquals("access_denied", e.providerError().orElseThrow());
    }

    @Test
    void completeWhenFrontChannelIdTokenInvalidThenCodeNeverRedeemed() {
        String badCHash = TestIdTokens.at(NOW).codeHashFor("another-code").build();
        assertEquals(ErrorCode.INVALID_ID_TOKEN, failure(flow("code id_token"), hybrid(badCHash)));
        assertTrue(redeemedCodes.isEmpty(), "validation happens before the code exchange");
    }

    @Test
    void completeWhenHybridResponseLacksIdTokenThenInvalidResponse() {
        assertEquals(ErrorCode.INVALID_RESPONSE, failure(flow("code id_token"), hybrid(null)));
    }

    @Test
    void completeWhenCodeFlowResponseCarriesAnIdTokenThenInvalidResponse() {
        assertEquals(ErrorCode.INVALID_RESPONSE, failure(flow("code"), hybrid(frontChannelToken())));
    }

    @Test
    void completeWhenCodeMissingThenInvalidResponse() {
        assertEquals(ErrorCode.INVALID_RESPONSE, failure(flow("code"), new CallbackParams(STATE, null, null, null, null,
                TestIdTokens.ISSUER, null, null)));
    }

    @Test
    void completeWhenTokenEndpointIdTokenHasAnotherSubjectThenRejected() {
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null,
                TestIdTokens.at(NOW).with("sub", "someone-else").build(), null);
        assertEquals(ErrorCode.INVALID_ID_TOKEN, failure(flow("code id_token"), hybrid(frontChannelToken())));
    }

    @Test
    void completeWhenTokenEndpointIdTokenHasWrongNonceThenRejected() {
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null,
                TestIdTokens.at(NOW).with("nonce", "other").build(), null);
        assertEquals(ErrorCode.INVALID_ID_TOKEN, failure(flow("code"), new CallbackParams(STATE, CODE, null, null, null,
                TestIdTokens.ISSUER, null, null)));
    }

    @Test
    void completeWhenTokenEndpointIdTokenBadlySignedThenRejected() {
        tokenEndpointAnswer = new TokenResponse("at", "Bearer", 300L, null,
                TestIdTokens.at(NOW).signedWith(TestKeys.ATTACKER_RSA, "RS256").build(), null);
        assertEquals(ErrorCode.INVALID_ID_TOKEN, failure(flow("code id_token"), hybrid(frontChannelToken())));
    }

    @Test
    void startWhenCalledThenUrlCarriesTheChallengeOfThePendingVerifier() {
        LoginStart start = flow("code id_token").start(REDIRECT, "/x", Map.of());
        PendingLogin p = start.pending();
        assertTrue(start.authorizationUrl().contains("state=" + p.state()));
        assertTrue(start.authorizationUrl().contains("nonce=" + p.nonce()));
        assertTrue(start.authorizationUrl().contains("code_challenge=" + Pkce.s256Challenge(p.codeVerifier())));
        assertTrue(!start.authorizationUrl().contains(p.codeVerifier()));
        assertEquals(Instant.ofEpochSecond(NOW), p.issuedAt());
    }
}
