package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenRefresherTest {

    private static final long NOW = 1_800_000_000L;
    private final MutableClock clock = MutableClock.at(NOW);
    private TokenResponse answer;
    private String presentedRefreshToken;

    private TokenRefresher refresher() {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, TestIdTokens.ISSUER)
                .set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID).build();
        ProviderMetadata metadata = new ProviderMetadata(TestIdTokens.ISSUER, "https://op/a", "https://op/token",
                "https://op/jwks", null, null, List.of(), List.of(), List.of(), List.of(), List.of(), false);
        TokenClient client = new TokenClient() {
            @Override
            public TokenResponse redeemCode(String endpoint, String code, String redirectUri, String verifier,
                                            DpopKey dpop) {
                throw new AssertionError();
            }

            @Override
            public TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope, DpopKey dpop) {
                presentedRefreshToken = refreshToken;
                return answer;
            }
        };
        IdTokenValidator validator = new IdTokenValidator(IdTokenValidator.Settings.from(config), new JwksKeyResolver(
                () -> TestKeys.jwks(TestKeys.RSA), clock, Duration.ofMinutes(1), Duration.ofHours(1)), clock);
        return new TokenRefresher(TokenRefresher.Settings.from(config), () -> metadata, validator, client, clock, null);
    }

    private static TokenSet tokens(long lifetimeSeconds, String refreshToken) {
        Instant obtained = Instant.ofEpochSecond(NOW);
        return new TokenSet("id", "at-old", refreshToken, "Bearer", obtained.plusSeconds(lifetimeSeconds), "openid",
                obtained);
    }

    @Test
    void isDueWhenMoreThanTheMarginLeftThenFalse() {
        TokenRefresher refresher = refresher();
        clock.advance(Duration.ofSeconds(3600 - 61));
        assertFalse(refresher.isDue(tokens(3600, "rt")));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(refresher.isDue(tokens(3600, "rt")));
        assertFalse(refresher.isExpired(tokens(3600, "rt")));
    }

    @Test
    void isDueWhenTokenLivesShorterThanTwiceTheMarginThenDueOnlyAtHalfLife() {
        TokenRefresher refresher = refresher();
        clock.advance(Duration.ofSeconds(29));
        assertFalse(refresher.isDue(tokens(60, "rt")), "a 60 s token is not refreshed on every request");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(refresher.isDue(tokens(60, "rt")));
    }

    @Test
    void isDueWhenNoExpiryKnownThenNever() {
        TokenSet noExpiry = new TokenSet("id", "at", "rt", "Bearer", null, null, Instant.ofEpochSecond(NOW));
        clock.advance(Duration.ofDays(10));
        assertFalse(refresher().isDue(noExpiry));
        assertFalse(refresher().isExpired(noExpiry));
    }

    @Test
    void refreshWhenTheAnswerHasNoExpiresInThenTheDefaultLifetimeApplies() {
        // a token without expiry never came due: its session lived as long as it was used
        answer = new TokenResponse("at-opaque", "Bearer", null, null, null, null);
        TokenRefresher.Refreshed refreshed = refresher().refresh(tokens(300, "rt-1"), TestIdTokens.SUBJECT);
        assertEquals(Instant.ofEpochSecond(NOW + 3600), refreshed.tokens().expiresAt());
        assertTrue(refreshed.tokens().expiresAt() != null);
    }

    @Test
    void refreshWhenNoNewRefreshTokenThenTheOldOneIsKept() {
        answer = new TokenResponse("at-new", "Bearer", 300L, null, null, null);
        TokenRefresher.Refreshed refreshed = refresher().refresh(tokens(300, "rt-1"), TestIdTokens.SUBJECT);
        assertEquals("rt-1", presentedRefreshToken);
        assertEquals("at-new", refreshed.tokens().accessToken());
        assertEquals("rt-1", refreshed.tokens().refreshToken());
        assertEquals("id", refreshed.tokens().idToken(), "the ID token stays when no new one came");
        assertNull(refreshed.claims());
        assertEquals(Instant.ofEpochSecond(NOW + 300), refreshed.tokens().expiresAt());
    }

    @Test
    void refreshWhenRotatedThenTheNewRefreshTokenAndIdTokenReplaceTheOld() {
        String idToken = TestIdTokens.at(NOW).without("nonce").build();
        answer = new TokenResponse("at-new", "Bearer", 300L, "rt-2", idToken, "openid");
        TokenRefresher.Refreshed refreshed = refresher().refresh(tokens(300, "rt-1"), TestIdTokens.SUBJECT);
        assertEquals("rt-2", refreshed.tokens().refreshToken());
        assertEquals(idToken, refreshed.tokens().idToken());
        assertEquals(TestIdTokens.SUBJECT, refreshed.claims().get("sub"));
    }

    @Test
    void refreshWhenNewIdTokenNamesAnotherSubjectThenRejected() {
        answer = new TokenResponse("at-new", "Bearer", 300L, "rt-2",
                TestIdTokens.at(NOW).with("sub", "someone-else").build(), null);
        OidcException e = assertThrows(OidcException.class,
                () -> refresher().refresh(tokens(300, "rt-1"), TestIdTokens.SUBJECT));
        assertEquals(ErrorCode.INVALID_ID_TOKEN, e.code());
    }

    @Test
    void refreshWhenNewIdTokenBadlySignedThenRejected() {
        answer = new TokenResponse("at-new", "Bearer", 300L, "rt-2",
                TestIdTokens.at(NOW).signedWith(TestKeys.ATTACKER_RSA, "RS256").build(), null);
        assertEquals(ErrorCode.INVALID_ID_TOKEN, assertThrows(OidcException.class,
                () -> refresher().refresh(tokens(300, "rt-1"), TestIdTokens.SUBJECT)).code());
    }
}
