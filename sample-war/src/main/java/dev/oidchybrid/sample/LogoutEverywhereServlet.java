package dev.oidchybrid.sample;

import dev.oidchybrid.filter.session.OidcPrincipal;
import dev.oidchybrid.filter.web.OidcSessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /logout-everywhere} (protected): {@code GET} shows a button, {@code POST} ends every session of the
 * signed-in user, on every device and node ({@link OidcSessions#revokeSubject}), this one included; each ends at
 * its next request, and signing in again works at once. Only a form of this application may post it: a request
 * whose {@code Sec-Fetch-Site} is another site's gets a 403.
 */
public class LogoutEverywhereServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        page(response, HttpServletResponse.SC_OK, "<form method=\"post\"><button>Sign out on every device</button>"
                + "</form>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            page(response, HttpServletResponse.SC_FORBIDDEN, "<p>Only this application's own button signs you out "
                    + "everywhere.</p>");
            return;
        }
        OidcPrincipal user = (OidcPrincipal) request.getUserPrincipal();
        OidcSessions.of(getServletContext()).revokeSubject(user.subject());
        page(response, HttpServletResponse.SC_OK, "<p>Signed out on every device.</p>"
                + "<p><a href=\"./\">Home</a></p>");
    }

    private static void page(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sign out everywhere</title></head><body>" + body + "</body></html>");
    }
}
