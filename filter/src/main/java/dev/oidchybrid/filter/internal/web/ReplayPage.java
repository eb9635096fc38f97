package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.Origins;
import dev.oidchybrid.filter.internal.flow.PreservedPost;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The callback's answer when the login kept a form ({@code preserve-post}): a page that posts the same fields, in
 * the same order, to the page they were first posted to, by script at once, or by its visible button without
 * script. Never cached; a Content-Security-Policy allows only its own script (by hash), form submission only to
 * this application, and no framing (so no other site can make a user submit it); names and values are escaped.
 */
final class ReplayPage {

    /**
     * The one script: submits the page's form through the prototype, since a field named {@code submit} would hide
     * the form's own {@code submit()} method.
     */
    static final String SCRIPT = "HTMLFormElement.prototype.submit.call(document.forms[0]);";
    static final String SCRIPT_HASH = "sha256-" + sha256(SCRIPT);

    private ReplayPage() {
    }

    /** @param action the page the form was posted to: a same-origin path, or an absolute URL under base-url */
    static void write(HttpServletResponse response, String action, List<PreservedPost.Field> fields)
            throws IOException {
        String actionOrigin = Origins.of(action);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // not no-referrer: the post would then carry "Origin: null", which same-origin checks of the application
        // refuse; same-origin sends the real Origin to the application and no referrer anywhere else
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src '" + SCRIPT_HASH + "'; "
                + "style-src 'unsafe-inline'; form-action 'self'" + (actionOrigin == null ? "" : " " + actionOrigin)
                + "; frame-ancestors 'none'; base-uri 'none'");
        StringBuilder html = new StringBuilder(256 + 64 * fields.size());
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Continuing</title>"
                + "<style>body{font-family:sans-serif;max-width:40em;margin:4em auto}</style></head><body>"
                + "<form method=\"post\" action=\"").append(ErrorResponses.escape(action))
                .append("\" accept-charset=\"UTF-8\" enctype=\"application/x-www-form-urlencoded\">");
        for (PreservedPost.Field field : fields) {
            html.append("<input type=\"hidden\" name=\"").append(ErrorResponses.escape(field.name()))
                    .append("\" value=\"").append(ErrorResponses.escape(field.value())).append("\">");
        }
        html.append("<p>You are signed in again. Sending the form you submitted&hellip;</p>"
                + "<p><button type=\"submit\">Continue</button></p></form><script>").append(SCRIPT)
                .append("</script></body></html>");
        response.getWriter().write(html.toString());
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
