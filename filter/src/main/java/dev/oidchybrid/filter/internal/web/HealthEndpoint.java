package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.health.HealthReport;
import dev.oidchybrid.filter.internal.health.HealthSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code health-path}: this filter instance's {@link HealthReport} as JSON, 200 when it is up, 503 when it is down,
 * without a login and never cached. GET and HEAD, anything else 405.
 */
final class HealthEndpoint {

    private final HealthSource source;

    HealthEndpoint(HealthSource source) {
        this.source = source;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        boolean head = request.getMethod().equals("HEAD");
        if (!head && !request.getMethod().equals("GET")) {
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", "GET, HEAD");
            return;
        }
        HealthReport report = source.report();
        response.setStatus(report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!head) {
            response.getWriter().write(report.toJson());
        }
    }
}
