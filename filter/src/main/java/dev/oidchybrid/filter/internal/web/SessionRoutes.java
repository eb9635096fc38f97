package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.PathMatcher;
import dev.oidchybrid.filter.internal.config.PathSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Session mode: the callback, logout and back-channel logout paths, the client's public keys when published,
 * the health endpoint when configured, excluded paths, optional paths (signed in with a session, else anonymous), and protected requests.
 */
final class SessionRoutes implements Routes {

    /**
     * The filter's own paths, relative to the context; {@code clientJwks} is null when not published, {@code health}
     * when there is no health endpoint.
     */
    record Paths(String callback, String logout, String backChannelLogout, String clientJwks, PathMatcher excluded,
                 PathMatcher optional, String health) {

        static Paths of(OidcConfig config) {
            PathSettings paths = config.paths();
            return new Paths(paths.redirectPath(), paths.logoutPath(), paths.backchannelLogoutPath(),
                    config.client().keys().jwksPath().orElse(null), paths.excludedPaths(), paths.optionalPaths(),
                    paths.healthPath().orElse(null));
        }
    }

    private final Paths paths;
    private final CallbackEndpoint callback;
    private final LogoutEndpoint logout;
    private final BackChannelLogoutEndpoint backChannelLogout;
    private final ProtectedRequests protectedRequests;
    private final ClientJwksEndpoint clientJwks;
    private final HealthEndpoint health;
    private final ContainerLogins containerLogins;

    /**
     * @param clientJwks the public keys' endpoint, or null when {@code paths.clientJwks()} is
     * @param health     the health endpoint, or null when {@code paths.health()} is
     */
    SessionRoutes(Paths paths, CallbackEndpoint callback, LogoutEndpoint logout,
                  BackChannelLogoutEndpoint backChannelLogout, ProtectedRequests protectedRequests,
                  ClientJwksEndpoint clientJwks, HealthEndpoint health) {
        this.paths = paths;
        this.callback = callback;
        this.logout = logout;
        this.backChannelLogout = backChannelLogout;
        this.protectedRequests = protectedRequests;
        this.clientJwks = clientJwks;
        this.health = health;
        this.containerLogins = new ContainerLogins(this, protectedRequests);
    }

    @Override
    public void route(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException {
        if (path != null && endpoint(request, response, path)) {
            return;
        }
        if (path != null && paths.excluded().matches(path)) {
            chain.doFilter(request, response);
        } else if (path != null && paths.optional().matches(path)) {
            protectedRequests.handleOptional(request, response, chain, path);
        } else {
            protectedRequests.handle(request, response, chain, path);
        }
    }

    @Override
    public Optional<ContainerLogins> containerLogins() {
        return Optional.of(containerLogins);
    }

    /** Whether the path is one the filter lets through without a login ({@code exclude-paths}). */
    boolean excluded(String path) {
        return paths.excluded().matches(path);
    }

    /** Answers the request when {@code path} is one of the filter's own endpoints; false for any other path. */
    boolean endpoint(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        if (paths.callback().equals(path)) {
            callback.handle(request, response);
        } else if (paths.backChannelLogout().equals(path)) {
            backChannelLogout.handle(request, response);
        } else if (paths.logout().equals(path)) {
            logout.handle(request, response);
        } else if (clientJwks != null && path.equals(paths.clientJwks())) {
            clientJwks.handle(request, response);
        } else if (health != null && path.equals(paths.health())) {
            health.handle(request, response);
        } else {
            return false;
        }
        return true;
    }
}
