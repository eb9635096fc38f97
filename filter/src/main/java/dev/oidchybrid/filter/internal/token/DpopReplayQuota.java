package dev.oidchybrid.filter.internal.token;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A share of the DPoP replay store per proof key: at most {@code perKey} proofs of one key are remembered at a
 * time (each until its retention ends), so one client, or an attacker holding one bound token and its key, cannot
 * fill the store with fresh proofs and lock every other client out when it is full. A proof over the share is
 * refused like a replayed one; the key's own client gets room again as its earlier proofs expire. Counted on this
 * node; the values themselves go to the wrapped store.
 */
public final class DpopReplayQuota implements DpopProofValidator.Replays {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    /** Calls between sweeps of keys whose proofs have all expired. */
    private static final int SWEEP_EVERY = 4096;

    private final DpopProofValidator.Replays store;
    private final int perKey;
    private final Map<String, ArrayDeque<Instant>> live = new HashMap<>();
    private int calls;
    private long warnedMinute = -1;

    /**
     * @param store  where used proofs are remembered
     * @param perKey the most live proofs of one key
     */
    public DpopReplayQuota(DpopProofValidator.Replays store, int perKey) {
        if (perKey < 1) {
            throw new IllegalArgumentException("perKey must be positive");
        }
        this.store = store;
        this.perKey = perKey;
    }

    /** @param key the proof key's thumbprint, a space, then the proof's {@code jti} */
    @Override
    public synchronized boolean firstUse(String key, Instant expiresAt, Instant now) {
        if (++calls % SWEEP_EVERY == 0) {
            sweep(now);
        }
        String thumbprint = key.substring(0, Math.max(0, key.indexOf(' ')));
        ArrayDeque<Instant> expiries = live.computeIfAbsent(thumbprint, k -> new ArrayDeque<>());
        while (!expiries.isEmpty() && !expiries.peekFirst().isAfter(now)) {
            expiries.pollFirst();
        }
        if (expiries.size() >= perKey) {
            warn(thumbprint, now);
            return false;
        }
        if (!store.firstUse(key, expiresAt, now)) {
            return false;
        }
        expiries.addLast(expiresAt);
        return true;
    }

    private void sweep(Instant now) {
        for (Iterator<ArrayDeque<Instant>> it = live.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Instant> expiries = it.next();
            while (!expiries.isEmpty() && !expiries.peekFirst().isAfter(now)) {
                expiries.pollFirst();
            }
            if (expiries.isEmpty()) {
                it.remove();
            }
        }
    }

    private void warn(String thumbprint, Instant now) {
        long minute = now.getEpochSecond() / 60;
        if (warnedMinute != minute) {
            warnedMinute = minute;
            LOG.log(System.Logger.Level.WARNING, "OIDC bearer: DPoP key " + thumbprint + " sent more than " + perKey
                    + " proofs within their lifetime; its further proofs are refused until earlier ones expire (a "
                    + "client in a loop, or a stolen token and key flooding the replay store)");
        }
    }
}
