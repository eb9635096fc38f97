package dev.oidchybrid.filter.internal.web;

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
    /** The value of {@link #getAuthType()} in bearer mode. */
    public static final String BEARER_AUTH_TYPE = "Bearer";

    private final OidcPrincipal principal;
    private final String authType;

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal) {
        this(request, principal, AUTH_TYPE);
    }

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal, String authType) {
        super(request);
        this.principal = principal;
        this.authType = authType;
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
        return authType;
    }
}
