package dev.oidchybrid.dropin.secured.ejb;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code /members/report}: any signed-in user reaches it; the {@link ReportBean} refuses all but admins. */
@WebServlet("/members/report")
public class ReportServlet extends HttpServlet {

    @EJB
    private ReportBean reports;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        try {
            response.getWriter().write("ejb " + reports.report());
        } catch (EJBAccessException refused) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.getWriter().write("ejb refused " + request.getRemoteUser());
        }
    }
}
