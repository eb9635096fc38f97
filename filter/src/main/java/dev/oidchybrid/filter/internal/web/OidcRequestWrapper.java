package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;

/**
 * The request downstream code sees for a logged-in user: {@code getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and {@code getAuthType()} answer from the OpenID Connect session, so existing code
 * using the standard servlet security API works unchanged. {@code logout()} ends the local session (session mode)
 * and the container's login; the request is anonymous afterwards.
 */
public final class OidcRequestWrapper extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()}. */
    public static final String AUTH_TYPE = "OIDC";
    /** The value of {@link #getAuthType()} in bearer mode. */
    public static final String BEARER_AUTH_TYPE = "Bearer";

    private final OidcPrincipal principal;
    private final String authType;
    private final Runnable endSession;
    private volatile boolean loggedOut;

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal) {
        this(request, principal, AUTH_TYPE, null);
    }

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal, String authType) {
        this(request, principal, authType, null);
    }

    /** @param endSession ends the local session on {@link #logout()}, or null when there is none (bearer mode) */
    OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal, String authType, Runnable endSession) {
        super(request);
        this.principal = principal;
        this.authType = authType;
        this.endSession = endSession;
    }

    @Override
    public Principal getUserPrincipal() {
        return loggedOut ? null : principal;
    }

    @Override
    public String getRemoteUser() {
        return loggedOut ? null : principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return !loggedOut && principal.hasRole(role);
    }

    @Override
    public String getAuthType() {
        return loggedOut ? null : authType;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
        return !loggedOut || super.authenticate(response);
    }

    @Override
    public void logout() throws ServletException {
        loggedOut = true;
        if (endSession != null) {
            endSession.run();
        }
        super.logout();
    }
}
