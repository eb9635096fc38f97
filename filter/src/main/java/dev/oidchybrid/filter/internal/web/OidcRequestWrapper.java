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
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request downstream code sees for a logged-in user: {@code getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and {@code getAuthType()} answer from the OpenID Connect session, so existing code
 * using the standard servlet security API works unchanged. {@code logout()} ends the local session (session mode)
 * and the container's login; the request is anonymous afterwards.
 *
 * <p>In session mode it also answers the session's request attributes ({@link SessionAttributes}) without writing
 * them onto the request (this session's values win over any beneath, as the last filter instance's did when each
 * wrote them): the application's own {@code setAttribute} and {@code removeAttribute} of those names win,
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
    /** Of the names {@link #attributes} answers, those the application set or removed; null: none. */
    private volatile Set<String> changed;
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
        // this session's own values, whatever lies beneath (another filter instance's, say), unless the
        // application set or removed the name through this request
        if (attributes != null && !loggedOut && SessionAttributes.answers(name) && !changedByApplication(name)) {
            return attributes.get(name);
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        if (attributes == null || loggedOut) {
            return super.getAttributeNames();
        }
        Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
        for (String name : SessionAttributes.NAMES) {
            if (getAttribute(name) == null) {
                names.remove(name);
            } else {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (attributes != null && SessionAttributes.answers(name)) {
            markChanged(name);
        }
        super.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        if (attributes != null && SessionAttributes.answers(name)) {
            markChanged(name);
        }
        super.removeAttribute(name);
    }

    private boolean changedByApplication(String name) {
        Set<String> changed = this.changed;
        return changed != null && changed.contains(name);
    }

    private synchronized void markChanged(String name) {
        if (changed == null) {
            changed = ConcurrentHashMap.newKeySet();
        }
        changed.add(name);
    }

    /**
     * Writes the session's attributes onto the request beneath, for code that reads them without this wrapper
     * (an error page the container dispatches, an asynchronous context started without the wrapper); names the
     * application set or removed are left as they are.
     */
    synchronized void exposeOnRequest() {
        if (attributes == null) {
            return;
        }
        for (String name : SessionAttributes.NAMES) {
            if (loggedOut) {
                return;
            }
            if (!changedByApplication(name)) {
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
        try {
            if (attributes != null) {
                attributes.endLocal();
            }
        } finally {
            if (attributes != null) {
                removeBeneath();
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

    /** The session's tokens end with it, also where they were written onto the request beneath. */
    private synchronized void removeBeneath() {
        for (String name : SessionAttributes.NAMES) {
            super.removeAttribute(name);
        }
    }
}
