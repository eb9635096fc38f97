package dev.oidchybrid.sample;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The sample's HTML pages: one look, escaped text, never cached, no script and no framing. */
final class HtmlPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
            + "padding:0 1rem;line-height:1.5;color:#222}code{background:#f3f3f3;padding:0 .2em}"
            + "table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}"
            + "th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top;"
            + "font-size:.92rem;word-break:break-all}th{background:#f6f6f6;width:14rem;word-break:normal}"
            + ".status{padding:.7rem 1rem;border-radius:.4rem;background:#eef6ee;border:1px solid #b7d8b7}"
            + ".status.anonymous{background:#f6f3e8;border-color:#ddd2a8}";

    private HtmlPage() {
    }

    /** Writes a complete page; {@code body} must already be HTML (text in it escaped with {@link #escape}). */
    static void write(HttpServletResponse response, int status, String title, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // personal data: never cached; the pages need no script, and no other site may frame them
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "form-action 'self'; frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>");
    }

    /** The text as HTML text or attribute value: {@code & < > " '} escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
