package dev.oidchybrid.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /signed-out} (not behind the filter): where {@code /logout} ends, the filter's
 * {@code post-logout-path}, after the provider's logout.
 */
public class SignedOutServlet extends HttpServlet {

    /** The page's heading, which tests look for. */
    public static final String HEADING = "You are signed out";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HtmlPage.write(response, HttpServletResponse.SC_OK, "Signed out", "<h1>" + HEADING + "</h1><p>Your session "
                + "in this application has ended.</p><p><a href=\"sign-in\">Sign in again</a> · <a href=\"./\">Home</a></p>");
    }
}
