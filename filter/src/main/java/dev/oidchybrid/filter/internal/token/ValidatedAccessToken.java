package dev.oidchybrid.filter.internal.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A valid access token: its claims (unmodifiable) and scopes, and the DPoP key it is bound to, if any. */
public record ValidatedAccessToken(String raw, Map<String, Object> claims, Set<String> scopes) {

    @SuppressWarnings("unchecked")
    public ValidatedAccessToken {
        claims = (Map<String, Object>) ValidatedIdToken.freeze(claims);
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    public String subject() {
        return (String) claims.get("sub");
    }

    /** The RFC 7638 thumbprint of the DPoP key the token is bound to ({@code cnf.jkt}), or empty (RFC 9449 §6.1). */
    public Optional<String> boundKey() {
        return AccessTokenClaims.boundKey(claims);
    }

    public String issuer() {
        return (String) claims.get("iss");
    }
}
