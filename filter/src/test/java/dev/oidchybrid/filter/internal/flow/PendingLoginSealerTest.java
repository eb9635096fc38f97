package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingLoginSealerTest {

    private static final SealingScope SCOPE = new SealingScope("https://op.example", "client-1", "/app");
    private static final String KEY_A = "a-first-secret-that-is-long-enough-000";
    private static final String KEY_B = "a-second-secret-that-is-long-enough-11";
    private static final PendingLogin LOGIN = new PendingLogin("state-abcdefghijklmnopqrstuvwxyz", "nonce-1",
            "verifier-1", "/profile?x=1&y=%2F", Instant.ofEpochSecond(1_800_000_000L), "https://app/callback");

    @Test
    void unsealWhenSealedBySameKeyThenSameLogin() {
        PendingLoginSealer sealer = new PendingLoginSealer(List.of(KEY_A), SCOPE);
        assertEquals(LOGIN, sealer.unseal(sealer.seal(LOGIN)).orElseThrow());
    }

    @Test
    void unsealWhenRestartedLoginThenTheMarkComesBackSoItIsNotRestartedTwice() {
        PendingLoginSealer sealer = new PendingLoginSealer(List.of(KEY_A), SCOPE);
        PendingLogin restarted = new PendingLogin(LOGIN.state(), LOGIN.nonce(), LOGIN.codeVerifier(),
                LOGIN.returnPath(), LOGIN.issuedAt(), LOGIN.redirectUri(), true);
        assertTrue(sealer.unseal(sealer.seal(restarted)).orElseThrow().restarted());
        assertFalse(sealer.unseal(sealer.seal(LOGIN)).orElseThrow().restarted());
    }

    @Test
    void unsealWhenStepUpLoginThenItsRequirementComesBack() {
        PendingLoginSealer sealer = new PendingLoginSealer(List.of(KEY_A), SCOPE);
        StepUp stepUp = new StepUp(List.of("mfa", "hwk"), java.util.Optional.of(300L), true);
        PendingLogin login = new PendingLogin(LOGIN.state(), LOGIN.nonce(), LOGIN.codeVerifier(), LOGIN.returnPath(),
                LOGIN.issuedAt(), LOGIN.redirectUri(), false, stepUp);
        assertEquals(stepUp, sealer.unseal(sealer.seal(login)).orElseThrow().stepUp());
        assertEquals(StepUp.NONE, sealer.unseal(sealer.seal(LOGIN)).orElseThrow().stepUp());
    }

    @Test
    void sealWhenSealedThenValueRevealsNothing() {
        String sealed = new PendingLoginSealer(List.of(KEY_A), SCOPE).seal(LOGIN);
        assertFalse(sealed.contains("nonce-1") || sealed.contains("verifier") || sealed.contains("profile"));
        assertEquals(5, sealed.split("\\.", -1).length, "compact JWE");
    }

    @Test
    void unsealWhenOneCharacterChangedThenEmpty() {
        PendingLoginSealer sealer = new PendingLoginSealer(List.of(KEY_A), SCOPE);
        String sealed = sealer.seal(LOGIN);
        int i = sealed.lastIndexOf('.') - 3;
        String tampered = sealed.substring(0, i) + (sealed.charAt(i) == 'A' ? 'B' : 'A') + sealed.substring(i + 1);
        assertTrue(sealer.unseal(tampered).isEmpty());
    }

    @Test
    void unsealWhenKeysRotatedThenOldCookiesStillOpenAndNewOnesUseTheFirstKey() {
        String oldCookie = new PendingLoginSealer(List.of(KEY_A), SCOPE).seal(LOGIN);
        PendingLoginSealer rotated = new PendingLoginSealer(List.of(KEY_B, KEY_A), SCOPE);
        assertEquals(LOGIN, rotated.unseal(oldCookie).orElseThrow());
        assertTrue(new PendingLoginSealer(List.of(KEY_A), SCOPE).unseal(rotated.seal(LOGIN)).isEmpty(),
                "new cookies are sealed with the first key only");
    }

    @Test
    void unsealWhenSealedByUnknownKeyThenEmpty() {
        String foreign = new PendingLoginSealer(List.of(KEY_B), SCOPE).seal(LOGIN);
        assertTrue(new PendingLoginSealer(List.of(KEY_A), SCOPE).unseal(foreign).isEmpty());
    }

    @Test
    void unsealWhenGarbageThenEmpty() {
        PendingLoginSealer sealer = new PendingLoginSealer(List.of(KEY_A), SCOPE);
        for (String garbage : new String[] {"", "x", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.e30.", "....", "%%%",
                "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoieCJ9....", "A".repeat(10_000)}) {
            assertTrue(sealer.unseal(garbage).isEmpty(), garbage);
        }
        assertTrue(sealer.unseal(null).isEmpty());
    }
}
