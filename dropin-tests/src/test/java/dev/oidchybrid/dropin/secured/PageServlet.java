package dev.oidchybrid.dropin.secured;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The secured legacy application's page at every path: who the container says the user is. Its web.xml guards
 * {@code /admin/*} (role {@code admin}) and {@code /members/*} (any signed-in user) with
 * {@code <security-constraint>}s and declares no login: the server's security asks the OIDC filter
 * ({@code OIDC_CONTAINER_AUTH}). {@code ?logout} calls {@code request.logout()} first, {@code ?authenticate}
 * {@code request.authenticate(response)}. {@code /health} answers {@code ok}.
 */
public class PageServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        if ("/health".equals(request.getServletPath())) {
            response.getWriter().write("ok");
            return;
        }
        if (request.getParameter("logout") != null) {
            request.logout();
        }
        if (request.getParameter("authenticate") != null && !request.authenticate(response)) {
            return; // the server's security answered (a login at the provider)
        }
        response.getWriter().write("user=" + request.getRemoteUser() + " admin=" + request.isUserInRole("admin"));
    }
}
