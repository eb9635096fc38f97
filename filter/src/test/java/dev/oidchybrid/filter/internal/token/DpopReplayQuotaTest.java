package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.cluster.LocalUsedStates;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One proof key's share of the DPoP replay store: a flood from one key cannot fill it for everybody. */
class DpopReplayQuotaTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration RETENTION = Duration.ofSeconds(80);

    /** A store as small as the quota allows to show the flood: room for 10 proofs in all. */
    private final LocalUsedStates store = new LocalUsedStates("DPoP proofs", 10, LocalUsedStates.WhenFull.REFUSE);
    private final DpopReplayQuota quota = new DpopReplayQuota(store::markUsed, 3);

    private boolean use(String key, String jti, Instant now) {
        return quota.firstUse(key + " " + jti, now.plus(RETENTION), now);
    }

    @Test
    void firstUseWhenOneKeyFloodsThenItsProofsBeyondTheShareAreRefusedAndOtherKeysStillPass() {
        for (int i = 0; i < 3; i++) {
            assertTrue(use("attacker-key", "jti-" + i, NOW));
        }
        for (int i = 3; i < 50; i++) {
            assertFalse(use("attacker-key", "jti-" + i, NOW), "proof " + i + " over the key's share");
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(use("honest-key-" + i, "jti-0", NOW), "the store still has room for other keys");
        }
    }

    @Test
    void firstUseWhenWithoutTheQuotaThenOneKeyWouldFillTheStoreForEverybody() {
        for (int i = 0; i < 10; i++) {
            assertTrue(store.markUsed("attacker-key jti-" + i, NOW.plus(RETENTION), NOW));
        }
        assertFalse(store.markUsed("honest-key jti-0", NOW.plus(RETENTION), NOW), "the flood the quota prevents");
    }

    @Test
    void firstUseWhenTheKeysEarlierProofsExpiredThenItHasRoomAgain() {
        for (int i = 0; i < 3; i++) {
            assertTrue(use("busy-key", "jti-" + i, NOW));
        }
        assertFalse(use("busy-key", "jti-3", NOW));
        assertTrue(use("busy-key", "jti-4", NOW.plus(RETENTION).plusSeconds(1)));
    }

    @Test
    void firstUseWhenReplayedThenRefusedAndNotCountedTwice() {
        assertTrue(use("key", "jti-0", NOW));
        assertFalse(use("key", "jti-0", NOW), "a replay");
        assertTrue(use("key", "jti-1", NOW));
        assertTrue(use("key", "jti-2", NOW), "the refused replay took no share");
    }

    @Test
    void constructorWhenShareIsNotPositiveThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DpopReplayQuota(store::markUsed, 0));
    }
}
