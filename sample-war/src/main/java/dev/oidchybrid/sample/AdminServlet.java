package dev.oidchybrid.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /admin}: guarded by the container itself, a web.xml {@code <security-constraint>} for role
 * {@code admin} (no code of the application checks anything), which the filter's login serves through
 * {@code container-auth}. {@code text/plain} {@code admin <name> isUserInRole(admin)=true}; a signed-in user without
 * the role never gets here (the container answers 403).
 */
public class AdminServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("admin " + request.getRemoteUser() + " isUserInRole(admin)="
                + request.isUserInRole("admin"));
    }
}
