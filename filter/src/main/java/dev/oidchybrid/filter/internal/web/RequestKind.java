package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;

/**
 * Decides whether an unauthenticated request is a top-level page navigation (which may be redirected to the
 * provider) or something else (fetch/XHR, API clients, subresources), which gets a 401 instead: a redirect
 * would be followed invisibly, fail on CORS, and leave a login-state cookie behind for nothing.
 */
public final class RequestKind {

    private RequestKind() {
    }

    public static boolean isNavigation(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        return isTopLevelDocument(request);
    }

    /**
     * Whether a POST is a browser's top-level form submission (the user pressed a form's submit button), by the same
     * headers as {@link #isNavigation}: not a script's fetch/XHR, not a frame's, and it accepts HTML. Only such a
     * post may be kept across a login ({@code preserve-post}); any other gets the 401 as before.
     */
    public static boolean isFormSubmission(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && isTopLevelDocument(request);
    }

    private static boolean isTopLevelDocument(HttpServletRequest request) {
        if (request.getHeader("X-Requested-With") != null) {
            return false;
        }
        String fetchMode = request.getHeader("Sec-Fetch-Mode");
        if (fetchMode != null && !fetchMode.equalsIgnoreCase("navigate")) {
            return false;
        }
        // a frame is a navigation too, but not the user's: another site's page could open dozens of them at once,
        // each starting a login (and its cookie); only a top-level document starts one
        String fetchDest = request.getHeader("Sec-Fetch-Dest");
        if (fetchDest != null && !fetchDest.equalsIgnoreCase("document")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        return accept == null || accept.toLowerCase(Locale.ROOT).contains("text/html");
    }
}
