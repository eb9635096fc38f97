package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.Origins;
import dev.oidchybrid.filter.internal.flow.PreservedPost;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a form posted to a protected page without a session may be kept across the login
 * ({@code preserve-post}), and reads it: a browser's top-level form submission ({@link RequestKind#isFormSubmission})
 * from this application's own origin, {@code application/x-www-form-urlencoded}, at most {@code maxBytes}, well
 * formed. The body is read only once all the rest holds, so nothing is consumed of a request the filter does not
 * keep. A navigation whose form is not kept is logged in one line saying why (never what it held).
 */
final class PostPreservation {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    static final String FORM = "application/x-www-form-urlencoded";

    private final RequestUrls urls;
    private final int maxBytes;

    PostPreservation(RequestUrls urls, int maxBytes) {
        this.urls = urls;
        this.maxBytes = maxBytes;
    }

    /** The body to keep, or empty when this post is not kept (it then gets the 401 as without preserve-post). */
    Optional<String> keepable(HttpServletRequest request) {
        if (!RequestKind.isFormSubmission(request)) {
            return Optional.empty();
        }
        String refusal = refusal(request);
        if (refusal != null) {
            return refuse(request, refusal);
        }
        long length = request.getContentLengthLong();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException | RuntimeException e) {
            return refuse(request, "its body could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (body.length > maxBytes) {
            return refuse(request, "its body is larger than preserve-post-max-bytes (" + maxBytes + ")");
        }
        if (length >= 0 && body.length != length) {
            return refuse(request, "its body is shorter than its Content-Length (the client went away, or a filter "
                    + "before this one read it)");
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (PreservedPost.parse(text).isEmpty()) {
            return refuse(request, "its body is not a well-formed URL-encoded form (UTF-8, printable ASCII)");
        }
        return Optional.of(text);
    }

    /** Why the post is not kept, judged on its headers alone, or null when it may be. */
    private String refusal(HttpServletRequest request) {
        if (!urls.isSecure(request)) {
            // no __Host- cookie over plain http: a planted form could be replayed as whoever signs in
            return "the application is reached over plain http, where its cookies can be planted (use https)";
        }
        String appOrigin = Origins.of(urls.baseUrl(request));
        String origin = request.getHeader("Origin");
        // "null": a page with Referrer-Policy no-referrer, or an opaque origin (sandbox, data: URL), whose
        // Sec-Fetch-Site then tells which (browsers set it, no page can)
        if (origin != null && !origin.equals("null")) {
            if (appOrigin == null || !isOrigin(origin) || !appOrigin.equals(Origins.of(origin))) {
                return "it comes from another origin than this application's (" + appOrigin + ")";
            }
        } else if (!"same-origin".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return "it carries neither its Origin nor Sec-Fetch-Site: same-origin";
        }
        String type = request.getContentType();
        if (!isForm(type)) {
            return "its content type " + mediaType(type) + " is not " + FORM + " in UTF-8 (only such forms are kept)";
        }
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            return "its body of " + length + " bytes is larger than preserve-post-max-bytes (" + maxBytes + ")";
        }
        return null;
    }

    private static Optional<String> refuse(HttpServletRequest request, String why) {
        logNotKept(request, why);
        return Optional.empty();
    }

    /** The one line for a form navigation whose form is not kept: why, never what it held. */
    static void logNotKept(HttpServletRequest request, String why) {
        LOG.log(System.Logger.Level.INFO, "OIDC POST {0} without a session: the form is not kept across the login "
                + "(preserve-post) since {1}; answering 401", RequestUrls.loggedPath(request), why);
    }

    /** An origin as browsers send it: scheme, host, optional port, nothing after. */
    private static boolean isOrigin(String origin) {
        int authority = origin.indexOf("://");
        return authority > 0 && origin.indexOf('/', authority + 3) < 0 && origin.indexOf('?') < 0
                && origin.indexOf('#') < 0;
    }

    /** {@value #FORM}, with no charset or a UTF-8 compatible one (browsers send none). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals(FORM)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().replace(" ", "");
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("us-ascii")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The media type for a log line: its leading token characters only, so a header cannot forge log text. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "(none)";
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.matches("[a-z0-9!#$&^_.+\\-]{1,40}/[a-z0-9!#$&^_.+\\-]{1,60}") ? type : "(unusual)";
    }
}
