package dev.oidchybrid.filter.internal.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A valid access token: its claims (unmodifiable) and scopes. */
public record ValidatedAccessToken(String raw, Map<String, Object> claims, Set<String> scopes) {

    @SuppressWarnings("unchecked")
    public ValidatedAccessToken {
        claims = (Map<String, Object>) ValidatedIdToken.freeze(claims);
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    public String subject() {
        return (String) claims.get("sub");
    }

    public String issuer() {
        return (String) claims.get("iss");
    }
}
