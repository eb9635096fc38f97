package dev.oidchybrid.dropin.legacy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The legacy application's only page, at every path: who the servlet API says the user is. {@code /health}
 * answers {@code ok} (the operator excludes it from login with {@code OIDC_EXCLUDE_PATHS}). Knows nothing of
 * OpenID Connect; packed into the test WAR by {@code LegacyWar}.
 */
public class WhoAmIServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        if ("/health".equals(request.getServletPath())) {
            response.getWriter().write("ok");
            return;
        }
        response.getWriter().write("user=" + request.getRemoteUser()
                + " authType=" + request.getAuthType()
                + " admin=" + request.isUserInRole("admin")
                + " auditor=" + request.isUserInRole("auditor")
                + " auditFilterSaw=" + request.getAttribute(AuditFilter.ATTRIBUTE));
    }
}
