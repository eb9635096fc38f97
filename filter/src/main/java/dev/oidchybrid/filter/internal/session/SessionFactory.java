package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.session.OidcPrincipal;

import dev.oidchybrid.filter.internal.config.ProviderSettings;
import dev.oidchybrid.filter.internal.flow.LoginResult;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.token.ClaimValues;
import dev.oidchybrid.filter.internal.token.TokenRefresher;
import dev.oidchybrid.filter.internal.token.TokenSet;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Turns a completed login into an {@link OidcSession}: picks the principal name from {@code principal-claim}
 * (falling back to {@code sub}) and the roles from {@code roles-claim}, which may hold an array or a
 * space-separated string, and may be a dotted path into nested claims (e.g. Keycloak's
 * {@code realm_access.roles}) when no claim has the literal name.
 */
public final class SessionFactory {

    private final ProviderSettings provider;
    private final RandomTokens random;

    public SessionFactory(ProviderSettings provider, RandomTokens random) {
        this.provider = provider;
        this.random = random;
    }

    public OidcSession create(LoginResult login) {
        return session(login.tokens(), login.claims(), login.idToken().issuer(), login.idToken().subject(),
                login.tokens().obtainedAt(), random.next());
    }

    /** A session read back from a store that keeps tokens and claims only: principal and roles are derived again. */
    public OidcSession restore(TokenSet tokens, Map<String, Object> claims, Instant loggedInAt, String id) {
        return session(tokens, claims, (String) claims.get("iss"), (String) claims.get("sub"), loggedInAt, id);
    }

    /** The session after a refresh: new tokens, and new claims (and so principal and roles) when a new ID token came. */
    public OidcSession refreshed(OidcSession old, TokenRefresher.Refreshed refreshed) {
        if (refreshed.claims() == null) {
            return new OidcSession(refreshed.tokens(), old.claims(), old.principal(), old.loggedInAt(), old.id());
        }
        return session(refreshed.tokens(), refreshed.claims(), old.principal().issuer(), old.principal().subject(),
                old.loggedInAt(), old.id());
    }

    private OidcSession session(TokenSet tokens, Map<String, Object> claims, String issuer, String subject,
                                Instant loggedInAt, String id) {
        Object nameClaim = claims.get(provider.principalClaim());
        String name = nameClaim instanceof String s && !s.isEmpty() ? s : subject;
        Set<String> roles = provider.rolesClaim().map(claim -> roles(claims, claim)).orElse(Set.of());
        // the configured issuer's own string when equal: the stores compare it on every request, identity first
        String sameIssuer = provider.issuer().equals(issuer) ? provider.issuer() : issuer;
        return new OidcSession(tokens, claims, new OidcPrincipal(name, sameIssuer, subject, roles), loggedInAt, id);
    }

    /** The roles in {@code claimName}: an array or a space-separated string, or a dotted path into nested claims. */
    public static Set<String> roles(Map<String, Object> claims, String claimName) {
        Object value = claims.containsKey(claimName) ? claims.get(claimName) : path(claims, claimName);
        return ClaimValues.words(value);
    }

    private static Object path(Map<String, Object> claims, String dotted) {
        Object current = claims;
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
