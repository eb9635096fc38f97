package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.flow.LocalUsedStates;
import dev.oidchybrid.filter.internal.flow.UsedStates;

import java.time.Clock;
import java.time.Duration;

/** {@link SharedState} in this node's memory ({@code shared-state=local}). */
public final class LocalSharedState implements SharedState {

    private final Revocations revocations;
    private final RefreshLocks locks = new LocalRefreshLocks();
    private final RefreshResults results;
    private final UsedStates usedStates = new LocalUsedStates("login states", 100_000,
            LocalUsedStates.WhenFull.FORGET_SOONEST_EXPIRING);
    private final UsedStates usedLogoutTokens = new LocalUsedStates("logout tokens", 100_000,
            LocalUsedStates.WhenFull.REFUSE);

    public LocalSharedState(Clock clock, Duration revocationRetention) {
        this.revocations = new LocalRevocations(clock, revocationRetention, 100_000);
        this.results = new LocalRefreshResults(clock, SharedStates.REFRESH_RESULT_RETENTION, 10_000);
    }

    @Override
    public Revocations revocations() {
        return revocations;
    }

    @Override
    public RefreshLocks refreshLocks() {
        return locks;
    }

    @Override
    public RefreshResults refreshResults() {
        return results;
    }

    @Override
    public UsedStates usedStates() {
        return usedStates;
    }

    @Override
    public UsedStates usedLogoutTokens() {
        return usedLogoutTokens;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
