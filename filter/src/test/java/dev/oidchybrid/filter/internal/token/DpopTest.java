package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.DpopSettings;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpopTest {

    private static Dpop dpop(DpopSettings.Mode mode) {
        return new Dpop(new DpopSettings(mode, "ES256"), new DpopNonceMemory(), Clock.systemUTC(), new SecureRandom());
    }

    @Test
    void acceptableWhenRequiredThenOnlyDpopAfterAProofAndABearerAnswerIsADowngrade() {
        Dpop required = dpop(DpopSettings.Mode.REQUIRED);
        assertTrue(required.acceptable("DPoP", true));
        assertFalse(required.acceptable("Bearer", true), "Bearer downgrade");
        assertFalse(required.acceptable("DPoP", false), "bound without a proof of ours");
        assertTrue(required.acceptable("Bearer", false), "a session from before DPoP was switched on");
    }

    @Test
    void acceptableWhenOptionalThenBearerTooAfterAProof() {
        Dpop optional = dpop(DpopSettings.Mode.OPTIONAL);
        assertTrue(optional.acceptable("DPoP", true));
        assertTrue(optional.acceptable("Bearer", true));
        assertFalse(optional.acceptable("N_A", true));
    }

    @Test
    void newKeyWhenOffThenNoneElseAKeyOfTheAlgorithm() {
        assertEquals(Optional.empty(), dpop(DpopSettings.Mode.OFF).newKey());
        assertTrue(dpop(DpopSettings.Mode.REQUIRED).newKey().isPresent());
    }

    @Test
    void noncesWhenAnOriginGaveOneThenItsNextProofsCarryItAndOtherOriginsNot() {
        DpopNonceMemory nonces = new DpopNonceMemory();
        nonces.remember("https://OP.example.com:443/token", "n-1");
        assertEquals(Optional.of("n-1"), nonces.forUrl("https://op.example.com/userinfo"), "same origin");
        assertEquals(Optional.empty(), nonces.forUrl("https://op.example.com:8443/token"), "another port");
        assertEquals(Optional.empty(), nonces.forUrl("http://op.example.com/token"), "another scheme");
        nonces.remember("https://op.example.com/token", "n-2");
        assertEquals(Optional.of("n-2"), nonces.forUrl("https://op.example.com/token"), "replaced by the newest");
    }

    @Test
    void noncesWhenNotAPlainTokenThenIgnored() {
        DpopNonceMemory nonces = new DpopNonceMemory();
        nonces.remember("https://op/token", "bad\"nonce");
        nonces.remember("https://op/token", "with space");
        nonces.remember("https://op/token", "x".repeat(513));
        nonces.remember("https://op/token", null);
        nonces.remember("not a url", "n");
        assertEquals(Optional.empty(), nonces.forUrl("https://op/token"));
    }
}
