package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.session.OidcPrincipal;

import dev.oidchybrid.filter.internal.cluster.RevocationCheck;
import dev.oidchybrid.filter.internal.token.TokenSet;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * What the filter keeps per logged-in user: the tokens, the validated ID token claims (deeply unmodifiable),
 * the principal, when the login completed, and a random identifier that stays the same across refreshes
 * (it names the session's refresh lock and, in the cookie store, its revocation at logout; it is not a
 * credential). Serializable for container session persistence and replication.
 */
public record OidcSession(TokenSet tokens, Map<String, Object> claims, OidcPrincipal principal,
                          Instant loggedInAt, String id) implements Serializable {

    private static final long serialVersionUID = 2L;

    /** Written in the compact form of {@link SessionForm}; the record's own form (older sessions) still reads. */
    @java.io.Serial
    private Object writeReplace() {
        return new SessionForm(this);
    }

    /** What this session is checked against the logouts by. */
    public RevocationCheck revocationCheck() {
        return new RevocationCheck(principal.issuer(), principal.subject(),
                claims.get("sid") instanceof String sid ? sid : null, loggedInAt, id);
    }
}
