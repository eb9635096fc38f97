package dev.oidchybrid.filter.internal.session;

import java.time.Instant;

/**
 * A session read back from its store.
 *
 * @param seen when the session was last seen (kept to the minute), or null where the store keeps no such time
 *             (its own expiry ends idle sessions)
 */
public record LoadedSession(OidcSession session, Instant seen) {
}
