package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/**
 * The request downstream code sees for a logged-in user: {@code getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and {@code getAuthType()} answer from the OpenID Connect session, so existing code
 * using the standard servlet security API works unchanged.
 */
public final class OidcRequestWrapper extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()}. */
    public static final String AUTH_TYPE = "OIDC";

    private final OidcPrincipal principal;

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.hasRole(role);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
