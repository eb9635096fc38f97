package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/** Where a request goes, chosen once for the filter's mode: {@link SessionRoutes} or {@link BearerRoutes}. */
interface Routes {

    /**
     * @param path the dispatch path when the raw URI spells it plainly, else null: such a request is protected,
     *             and reaches neither an endpoint nor an excluded path
     */
    void route(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException;

    /** The same login for the container's own security ({@code container-auth}); empty where there is none. */
    default Optional<ContainerLogins> containerLogins() {
        return Optional.empty();
    }
}
