package dev.oidchybrid.filter.internal.config;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who an access rule is checked for: the claims of the session's ID token (or of the bearer access token), the
 * roles from {@code roles-claim} (those {@code isUserInRole} answers for), the granted scopes, and the time.
 *
 * @param claims      the token's claims
 * @param roles       the user's roles
 * @param scopes      the scopes granted to the access token
 * @param now         the current time
 * @param skewSeconds the allowed clock difference, added to {@code max-age}
 */
public record AccessSubject(Map<String, Object> claims, Set<String> roles, Set<String> scopes, Instant now,
                            long skewSeconds) {
}
