package dev.oidchybrid.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The context root: sends the browser to the home page {@code public/index.html}, whose links are relative to
 * it (so the application works under any context path). The root itself is behind the filter, so opening the
 * application logs the user in first.
 */
public class HomeServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(request.getContextPath() + "/public/index.html");
    }
}
