package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.testing.TestIdTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** When an access token expires, whatever the token response said of it. */
class AccessTokenExpiryTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Duration DEFAULT = Duration.ofHours(1);

    @Test
    void expiresAtWhenExpiresInGivenThenItWins() {
        String jwt = TestIdTokens.at(NOW.getEpochSecond()).build(); // exp NOW + 300
        assertEquals(NOW.plusSeconds(60), AccessTokenExpiry.expiresAt(jwt, 60L, NOW, DEFAULT));
        assertEquals(NOW, AccessTokenExpiry.expiresAt("opaque", -5L, NOW, DEFAULT), "negative counts as now");
    }

    @Test
    void expiresAtWhenNoExpiresInAndAJwtThenItsExp() {
        String jwt = TestIdTokens.at(NOW.getEpochSecond()).build();
        assertEquals(NOW.plusSeconds(300), AccessTokenExpiry.expiresAt(jwt, null, NOW, DEFAULT));
    }

    @Test
    void expiresAtWhenNoExpiresInAndOpaqueOrGarbledThenTheDefault() {
        for (String token : new String[] {"2YotnFZFEjr1zCsicMWpAA", "a.b.c", "a.%%%.c", null,
                TestIdTokens.at(NOW.getEpochSecond()).without("exp").build()}) {
            assertEquals(NOW.plus(DEFAULT), AccessTokenExpiry.expiresAt(token, null, NOW, DEFAULT), String.valueOf(token));
        }
        assertNull(AccessTokenExpiry.jwtExp("x.eyJleHAiOiJzb29uIn0.y"), "a non-numeric exp is none");
        // {"exp":99999999999999999}: beyond what Instant holds; a 500 before, the default now
        assertEquals(NOW.plus(DEFAULT), AccessTokenExpiry.expiresAt("x.eyJleHAiOjk5OTk5OTk5OTk5OTk5OTk5fQ.y", null,
                NOW, DEFAULT));
        assertEquals(NOW.plusSeconds(10L * 366 * 86_400), AccessTokenExpiry.expiresAt("opaque", Long.MAX_VALUE, NOW,
                DEFAULT), "an absurd expires_in is capped, not an overflow");
    }
}
