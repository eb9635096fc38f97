package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Writes what the user sees when something fails: the status of the error code, a short page with the code
 * and a link to try again, never internals. The operator's details go to the log.
 */
final class ErrorResponses {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private ErrorResponses() {
    }

    static void send(HttpServletRequest request, HttpServletResponse response, OidcException e) throws IOException {
        ErrorCode code = e.code();
        LOG.log(code.httpStatus() >= 500 ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                "OIDC {0} {1}: {2}", request.getMethod(), RequestUrls.loggedPath(request), e.logLine());
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(code.httpStatus());
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        String detail = e.providerError().orElse(null);
        writePage(request, response, code.userMessage(), code.value(), detail);
    }

    static void unauthorized(HttpServletResponse response, String realm) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "OIDC realm=\"" + realm.replace("\"", "") + "\"");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"login_required\"}");
    }

    private static void writePage(HttpServletRequest request, HttpServletResponse response, String message,
                                  String code, String detail) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        String home = request.getContextPath().isEmpty() ? "/" : request.getContextPath() + "/";
        PrintWriter out = response.getWriter();
        out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in problem</title>"
                + "<style>body{font-family:sans-serif;max-width:40em;margin:4em auto}code{background:#eee}</style>"
                + "</head><body><h1>Sign-in problem</h1><p>" + escape(message) + "</p>"
                + (detail == null ? "" : "<p>The identity provider said: <code>" + escape(detail) + "</code></p>")
                + "<p>Error code: <code>" + escape(code) + "</code></p>"
                + "<p><a href=\"" + escape(home) + "\">Try again</a></p></body></html>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
