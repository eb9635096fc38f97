package dev.oidchybrid.filter.internal.cluster;

/**
 * What must hold across all nodes serving the app, apart from the sessions themselves (see
 * {@code shared-state}): revocations, refresh locks, refresh results and used one-time values.
 *
 * @param usedStates       the login states whose callback was processed
 * @param usedLogoutTokens the logout tokens ({@code iss} + {@code jti}) already acted on: a store of its own, so a
 *                         flood of login callbacks can never push them out
 * @param release          releases what this instance opened (e.g. its cache manager); shared data stays in the
 *                         cluster
 */
public record SharedState(Revocations revocations, RefreshLocks refreshLocks, RefreshResults refreshResults,
                          UsedStates usedStates, UsedStates usedLogoutTokens, Runnable release)
        implements AutoCloseable {

    @Override
    public void close() {
        release.run();
    }
}
