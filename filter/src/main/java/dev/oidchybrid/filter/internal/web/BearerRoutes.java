package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.PathMatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Bearer mode: the health endpoint when configured, excluded paths pass, everything else needs a valid access token;
 * no other endpoints, no sessions.
 */
final class BearerRoutes implements Routes {

    private final PathMatcher excluded;
    private final BearerRequests bearer;
    private final String healthPath;
    private final HealthEndpoint health;

    /** @param healthPath the health endpoint's path, or null when there is none ({@code health} is then null too) */
    BearerRoutes(PathMatcher excluded, BearerRequests bearer, String healthPath, HealthEndpoint health) {
        this.excluded = excluded;
        this.bearer = bearer;
        this.healthPath = healthPath;
        this.health = health;
    }

    @Override
    public void route(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException {
        if (path == null) {
            // an API framework behind the filter may route on the raw URI, which the scope rules did not see
            bearer.refuseAmbiguousPath(request, response);
        } else if (health != null && path.equals(healthPath)) {
            health.handle(request, response);
        } else if (excluded.matches(path)) {
            chain.doFilter(request, response);
        } else {
            bearer.handle(request, response, chain, path);
        }
    }
}
