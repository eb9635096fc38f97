package dev.oidchybrid.filter.internal.cluster;

import java.time.Instant;

/**
 * What a session is checked against the {@link Revocations} by.
 *
 * @param sid        the provider session id of its ID token, or null when it had none
 * @param loggedInAt when the login completed, or null when unknown (then only id and sid logouts can match)
 * @param sessionId  the session's own random id, or null
 */
public record RevocationCheck(String issuer, String subject, String sid, Instant loggedInAt, String sessionId) {
}
