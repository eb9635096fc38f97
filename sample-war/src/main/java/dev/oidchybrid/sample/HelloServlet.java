package dev.oidchybrid.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * {@code GET /hello} (protected) and {@code GET /public/hello} (not behind the filter): {@code text/plain}
 * {@code hello <name>}, the name being the user principal's (the {@code sub} claim by default), or
 * {@code hello anonymous} without one. The public mapping is the no-filter baseline for benchmarks, so this
 * servlet does as little as possible.
 */
public class HelloServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        String name = principal != null ? principal.getName() : request.getRemoteUser();
        if (name == null || name.isBlank()) {
            name = "anonymous";
        }
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("hello " + name);
    }
}
