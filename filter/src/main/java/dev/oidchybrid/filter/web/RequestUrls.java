package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.config.OidcConfig;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The URLs the filter derives from requests: the application's base URL (configured {@code base-url}, or
 * scheme, host, port and context path of the request), the callback URL, and the same-origin return path
 * to restore after login.
 */
final class RequestUrls {

    static final int MAX_RETURN_PATH = 2048;

    private final OidcConfig config;

    RequestUrls(OidcConfig config) {
        this.config = config;
    }

    /** The external base URL including the context path, without a trailing slash. */
    String baseUrl(HttpServletRequest request) {
        return config.baseUrl().orElseGet(() -> {
            String scheme = request.getScheme();
            int port = request.getServerPort();
            boolean defaultPort = port <= 0 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            String host = request.getServerName();
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            return scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath();
        });
    }

    boolean isSecure(HttpServletRequest request) {
        return config.baseUrl().map(url -> url.startsWith("https:")).orElse(request.isSecure());
    }

    String redirectUri(HttpServletRequest request) {
        return baseUrl(request) + config.redirectPath();
    }

    /** The path within the application, as servlet mappings see it. */
    static String pathInApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    /** The current request as a return path (path within the application and query), or "/" when unsafe. */
    static String returnPath(HttpServletRequest request) {
        String query = request.getQueryString();
        String path = pathInApplication(request) + (query == null ? "" : "?" + query);
        return isSafeReturnPath(path) ? path : "/";
    }

    /**
     * Whether a return path can only lead within this origin: one leading '/', no second '/' or '\' right
     * after it (protocol-relative), no backslashes or control characters anywhere, bounded length.
     */
    static boolean isSafeReturnPath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_RETURN_PATH || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' || c < 0x21 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Where to send the browser for a return path: absolute under base-url, or relative to the context. */
    String locationFor(HttpServletRequest request, String returnPath) {
        String safe = isSafeReturnPath(returnPath) ? returnPath : "/";
        return config.baseUrl().map(base -> base + safe).orElse(request.getContextPath() + safe);
    }
}
