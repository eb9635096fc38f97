package dev.oidchybrid.filter.session;

import dev.oidchybrid.filter.token.TokenSet;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * What the filter keeps per logged-in user: the tokens, the validated ID token claims (deeply unmodifiable),
 * the principal and when the login completed. Serializable for container session persistence and replication.
 */
public record OidcSession(TokenSet tokens, Map<String, Object> claims, OidcPrincipal principal,
                          Instant loggedInAt) implements Serializable {
}
