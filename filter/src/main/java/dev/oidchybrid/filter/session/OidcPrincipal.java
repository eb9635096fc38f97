package dev.oidchybrid.filter.session;

import java.io.Serializable;
import java.security.Principal;
import java.util.List;
import java.util.Set;

/**
 * The logged-in user as {@code getUserPrincipal()} returns it: the name from the {@code principal-claim}, the
 * issuer and subject that identify the user uniquely, and the roles read from the {@code roles-claim}.
 */
public record OidcPrincipal(String name, String issuer, String subject, Set<String> roles)
        implements Principal, Serializable {

    public OidcPrincipal {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean hasRole(String role) {
        return role != null && roles.contains(role);
    }

    /** Roles sorted, for display. */
    public List<String> sortedRoles() {
        return roles.stream().sorted().toList();
    }
}
