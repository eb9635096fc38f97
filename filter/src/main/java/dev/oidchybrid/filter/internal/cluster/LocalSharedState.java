package dev.oidchybrid.filter.internal.cluster;

import java.time.Clock;
import java.time.Duration;

/** {@link SharedState} in this node's memory ({@code shared-state=local}). */
public final class LocalSharedState {

    private LocalSharedState() {
    }

    /** @param revocationRetention how long logouts are remembered */
    public static SharedState create(Clock clock, Duration revocationRetention) {
        return new SharedState(new LocalRevocations(clock, revocationRetention, 100_000), new LocalRefreshLocks(),
                new LocalRefreshResults(clock, SharedStates.REFRESH_RESULT_RETENTION, 10_000),
                new LocalUsedStates("login states", 100_000, LocalUsedStates.WhenFull.FORGET_SOONEST_EXPIRING),
                new LocalUsedStates("logout tokens", 100_000, LocalUsedStates.WhenFull.REFUSE),
                () -> { });
    }
}
