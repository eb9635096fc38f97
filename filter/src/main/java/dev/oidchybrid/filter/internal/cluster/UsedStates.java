package dev.oidchybrid.filter.internal.cluster;

import java.time.Instant;

/**
 * One-time values already used: login states whose callback was processed, logout token {@code jti}s. On
 * one node, {@link LocalUsedStates}; in a cluster, a shared store, so a replay on another node is refused too.
 */
public interface UsedStates {

    /**
     * Records {@code value} as used until {@code expiresAt}; false when it already was. Implementations keep
     * a hash, never the value.
     */
    boolean markUsed(String value, Instant expiresAt, Instant now);
}
