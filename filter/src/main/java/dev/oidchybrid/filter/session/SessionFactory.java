package dev.oidchybrid.filter.session;

import dev.oidchybrid.filter.config.OidcConfig;
import dev.oidchybrid.filter.flow.LoginResult;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a completed login into an {@link OidcSession}: picks the principal name from {@code principal-claim}
 * (falling back to {@code sub}) and the roles from {@code roles-claim}, which may hold an array or a
 * space-separated string, and may be a dotted path into nested claims (e.g. Keycloak's
 * {@code realm_access.roles}) when no claim has the literal name.
 */
public final class SessionFactory {

    private final OidcConfig config;

    public SessionFactory(OidcConfig config) {
        this.config = config;
    }

    public OidcSession create(LoginResult login) {
        Map<String, Object> claims = login.idToken().claims();
        Object nameClaim = claims.get(config.principalClaim());
        String name = nameClaim instanceof String s && !s.isEmpty() ? s : login.idToken().subject();
        Set<String> roles = config.rolesClaim().map(claim -> roles(claims, claim)).orElse(Set.of());
        OidcPrincipal principal = new OidcPrincipal(name, login.idToken().issuer(), login.idToken().subject(), roles);
        return new OidcSession(login.tokens(), claims, principal);
    }

    static Set<String> roles(Map<String, Object> claims, String claimName) {
        Object value = claims.containsKey(claimName) ? claims.get(claimName) : path(claims, claimName);
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
        } else if (value instanceof String s) {
            for (String role : s.trim().split("\\s+")) {
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            }
        }
        return roles;
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
