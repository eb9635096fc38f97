package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.config.SessionSettings;
import dev.oidchybrid.filter.internal.config.SessionStoreKind;
import dev.oidchybrid.filter.internal.config.SharedStateKind;
import dev.oidchybrid.filter.internal.token.DpopProofValidator;
import dev.oidchybrid.filter.internal.token.DpopReplayQuota;
import dev.oidchybrid.filter.testing.TestDpopProofs;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node-local store of used DPoP proofs of bearer mode ({@link SharedStates#dpopProofs}) as the validator uses
 * it: what one client holding one valid bound token can do to every other client of the API.
 */
class DpopProofStoreTest {

    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final String HTU = "https://api.example.com/api/appointments/7";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl";

    @Test
    void dpopProofsWhenOneKeyFillsTheStoreThenAnotherKeysFirstProofIsStillAccepted() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        SessionSettings session = new SessionSettings(SessionStoreKind.HTTP_SESSION, SharedStateKind.LOCAL, List.of(),
                Duration.ofHours(8), Duration.ofHours(24), Duration.ofMinutes(10), 20, null, false);
        Duration retention = DpopProofValidator.retention(SKEW);
        try (ReplayStore store = SharedStates.dpopProofs(session, retention)) {
            // what 100 000 valid proofs of the attacker's key leave behind: its thumbprint and a fresh jti each
            PublicJsonWebKey attacker = TestDpopProofs.newKey();
            String attackerJkt = TestDpopProofs.thumbprint(attacker);
            // the replays as bearer mode wires them: each proof key's share of the store (FilterAssembly)
            DpopReplayQuota replays = new DpopReplayQuota(store.used()::markUsed, 1000);
            for (int i = 0; i < 100_000; i++) {
                replays.firstUse(attackerJkt + " flood-" + i, now.plus(retention), now);
            }
            DpopProofValidator validator = new DpopProofValidator(SKEW, replays);
            String victimJkt = TestDpopProofs.thumbprint(TestDpopProofs.CLIENT_KEY);
            String proof = TestDpopProofs.of("GET", HTU, now.getEpochSecond()).forToken(TOKEN).sign();
            DpopProofValidator.Result result = validator.validate(proof, "GET", HTU, TOKEN, victimJkt, now);
            assertTrue(result.valid(), "another client's first proof is refused: " + result.describe());
        }
    }
}
