package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The request downstream code sees for a logged-in user: {@code getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and {@code getAuthType()} answer from the OpenID Connect session, so existing code
 * using the standard servlet security API works unchanged. {@code logout()} ends the local session (session mode)
 * and the container's login; the request is anonymous afterwards.
 *
 * <p>In session mode it also answers the session's request attributes ({@link SessionAttributes}) without writing
 * them onto the request: the application's own {@code setAttribute} and {@code removeAttribute} of those names win,
 * and they are written onto the request beneath (for code that reads them without this wrapper) when the request
 * goes asynchronous or ends in an error the container may show an error page for. After {@code logout()} they are
 * gone.
 */
public final class OidcRequestWrapper extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()}. */
    public static final String AUTH_TYPE = "OIDC";
    /** The value of {@link #getAuthType()} in bearer mode. */
    public static final String BEARER_AUTH_TYPE = "Bearer";

    private final OidcPrincipal principal;
    private final String authType;
    /** The session's request attributes this answers, or null when it answers none (bearer mode). */
    private final SessionAttributes attributes;
    /** Of the names {@link #attributes} answers, those the application removed (or set to null); null: none. */
    private Set<String> removed;
    private volatile boolean loggedOut;

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal) {
        this(request, principal, AUTH_TYPE, null);
    }

    public OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal, String authType) {
        this(request, principal, authType, null);
    }

    /**
     * @param attributes the session's request attributes this answers, and the local session {@link #logout()}
     *                   ends; null when there is none (bearer mode)
     */
    OidcRequestWrapper(HttpServletRequest request, OidcPrincipal principal, String authType,
                       SessionAttributes attributes) {
        super(request);
        this.principal = principal;
        this.authType = authType;
        this.attributes = attributes;
    }

    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        if (value != null || attributes == null || loggedOut || removed != null && removed.contains(name)) {
            return value;
        }
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        if (attributes == null || loggedOut) {
            return super.getAttributeNames();
        }
        Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
        for (String name : SessionAttributes.NAMES) {
            if (getAttribute(name) != null) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        super.setAttribute(name, value);
        if (attributes != null && SessionAttributes.answers(name)) {
            if (value == null) {
                markRemoved(name);
            } else if (removed != null) {
                removed.remove(name);
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        super.removeAttribute(name);
        if (attributes != null && SessionAttributes.answers(name)) {
            markRemoved(name);
        }
    }

    private void markRemoved(String name) {
        if (removed == null) {
            removed = new HashSet<>();
        }
        removed.add(name);
    }

    /**
     * Writes the session's attributes onto the request beneath, for code that reads them without this wrapper
     * (an error page the container dispatches, an asynchronous context started without the wrapper); names the
     * application set or removed are left as they are.
     */
    void exposeOnRequest() {
        if (attributes == null || loggedOut) {
            return;
        }
        for (String name : SessionAttributes.NAMES) {
            if ((removed == null || !removed.contains(name)) && super.getAttribute(name) == null) {
                super.setAttribute(name, attributes.get(name));
            }
        }
    }

    @Override
    public AsyncContext startAsync() throws IllegalStateException {
        // the context hands out the request beneath (AsyncContext#getRequest, the dispatch): it gets the attributes
        exposeOnRequest();
        return super.startAsync();
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) throws IllegalStateException {
        exposeOnRequest();
        return super.startAsync(request, response);
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
        if (attributes != null) {
            attributes.endLocal();
            // the session's tokens end with it, also where they were written onto the request beneath
            for (String name : SessionAttributes.NAMES) {
                super.removeAttribute(name);
            }
        }
        try {
            super.logout();
        } catch (ServletException e) {
            // a container without security of its own (Jetty without a security handler) refuses to log out:
            // with no user of its own there was nothing for it to end
            if (super.getUserPrincipal() != null) {
                throw e;
            }
        }
    }
}
