package dev.oidchybrid.dropin.secured;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code /staff}: guarded by its own annotation, {@code @ServletSecurity} for role {@code admin}. */
@WebServlet("/staff")
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public class StaffServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write("staff " + request.getUserPrincipal().getName());
    }
}
