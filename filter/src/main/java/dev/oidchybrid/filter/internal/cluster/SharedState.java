package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.flow.UsedStates;

/**
 * What must hold across all nodes serving the app, apart from the sessions themselves (see
 * {@code shared-state}): revocations, refresh locks, refresh results and used one-time values.
 */
public interface SharedState extends AutoCloseable {

    Revocations revocations();

    RefreshLocks refreshLocks();

    RefreshResults refreshResults();

    /** The login states whose callback was processed. */
    UsedStates usedStates();

    /**
     * The logout tokens ({@code iss} + {@code jti}) already acted on: a store of its own, so a flood of login
     * callbacks can never push them out.
     */
    UsedStates usedLogoutTokens();

    /** Releases what this instance opened (e.g. its cache manager); shared data stays in the cluster. */
    @Override
    void close();
}
