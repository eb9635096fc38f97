package dev.oidchybrid.filter.session;

import dev.oidchybrid.filter.token.TokenSet;

import java.io.Serializable;
import java.util.Map;

/**
 * What the filter keeps per logged-in user: the tokens, the validated ID token claims (deeply unmodifiable)
 * and the principal. Serializable for container session persistence and replication.
 */
public record OidcSession(TokenSet tokens, Map<String, Object> claims, OidcPrincipal principal)
        implements Serializable {
}
