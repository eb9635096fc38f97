package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.PathSettings;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URLs the filter derives from requests: the application's base URL (configured {@code base-url}, or
 * scheme, host, port and context path of the request), the callback URL, and the same-origin return path
 * to restore after login.
 */
final class RequestUrls {

    static final int MAX_RETURN_PATH = 2048;
    /** Longest return path kept in a pending-login cookie (see {@link PendingLoginCookies#MAX_TOTAL_BYTES}). */
    static final int MAX_STORED_RETURN_PATH = 512;
    private static final Pattern FORWARDED_HOST =
            Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");

    private final PathSettings paths;

    RequestUrls(PathSettings paths) {
        this.paths = paths;
    }

    /**
     * The external base URL including the context path, without a trailing slash: {@code base-url}, else
     * the forwarded headers when trusted, else the request's own scheme, host and port.
     */
    String baseUrl(HttpServletRequest request) {
        return paths.baseUrl().orElseGet(() -> {
            Origin origin = origin(request);
            boolean defaultPort = origin.port() <= 0 || "http".equals(origin.scheme()) && origin.port() == 80
                    || "https".equals(origin.scheme()) && origin.port() == 443;
            String host = origin.host();
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            return origin.scheme() + "://" + host + (defaultPort ? "" : ":" + origin.port()) + request.getContextPath();
        });
    }

    /**
     * Whether the browser reaches the application over a secure context, so the filter's cookies are Secure
     * ({@code __Host-}, and {@code SameSite=None} where a cross-site form_post needs it): https, or plain http on
     * a loopback host ({@link #isLocalhost}), which Chromium and Firefox treat as secure (a Secure cookie is kept
     * there, and without one a login that takes the user more than two minutes at the provider would fail).
     */
    boolean isSecure(HttpServletRequest request) {
        return paths.baseUrl().map(url -> url.startsWith("https:") || isLocalhost(java.net.URI.create(url).getHost()))
                .orElseGet(() -> {
                    Origin origin = origin(request);
                    return "https".equals(origin.scheme()) || isLocalhost(origin.host());
                });
    }

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");

    /**
     * A loopback host, which browsers treat as a secure context even over http: {@code localhost} or a name below
     * it (RFC 6761 §6.3), an address in {@code 127.0.0.0/8}, or {@code ::1}.
     */
    static boolean isLocalhost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || IPV4_LOOPBACK.matcher(h).matches()
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private record Origin(String scheme, String host, int port) {
    }

    /** Scheme, host and port as the browser sees them. Malformed forwarded values are ignored. */
    private Origin origin(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        int port = request.getServerPort();
        if (!paths.trustForwardedHeaders()) {
            return new Origin(scheme, host, port);
        }
        // the last value of each: a proxy appends its own, so earlier ones are the client's to choose
        String proto = last(request.getHeader("X-Forwarded-Proto"));
        if ("http".equalsIgnoreCase(proto) || "https".equalsIgnoreCase(proto)) {
            scheme = proto.toLowerCase(Locale.ROOT);
            port = scheme.equals("https") ? 443 : 80;
        }
        String forwardedHost = last(request.getHeader("X-Forwarded-Host"));
        if (forwardedHost != null && FORWARDED_HOST.matcher(forwardedHost).matches()) {
            int colon = forwardedHost.lastIndexOf(':');
            if (colon > forwardedHost.lastIndexOf(']')) {
                host = forwardedHost.substring(0, colon);
                port = validPort(forwardedHost.substring(colon + 1), port);
            } else {
                host = forwardedHost;
            }
        }
        String forwardedPort = last(request.getHeader("X-Forwarded-Port"));
        if (forwardedPort != null) {
            port = validPort(forwardedPort, port);
        }
        return new Origin(scheme, host, port);
    }

    private static int validPort(String value, int fallback) {
        if (!value.matches("[0-9]{1,5}")) {
            return fallback;
        }
        int port = Integer.parseInt(value);
        return port >= 1 && port <= 65535 ? port : fallback;
    }

    private static String last(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.lastIndexOf(',');
        String value = (comma < 0 ? header : header.substring(comma + 1)).trim();
        return value.isEmpty() ? null : value;
    }

    /**
     * The URL a DPoP proof for this request must name ({@code htu}, RFC 9449 §4.3), without query: {@code base-url}
     * and the raw path within the application, still encoded; without {@code base-url} the socket the request
     * arrived on (scheme, local address and port), never the Host or forwarded headers: the client chooses those, so
     * a proof it made for another API accepting the same tokens would pass here.
     */
    String requestUrl(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String base = paths.baseUrl().orElseGet(() -> {
            String address = request.getLocalAddr();
            String host = address != null && address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            return request.getScheme() + "://" + host + ":" + request.getLocalPort() + context;
        });
        return base + (uri.startsWith(context) ? uri.substring(context.length()) : uri);
    }

    String redirectUri(HttpServletRequest request) {
        return baseUrl(request) + paths.redirectPath();
    }

    /**
     * The raw request path within the application, still encoded, as the browser sent it: for return URLs and
     * log lines only. Which path a request is for is decided on {@link DispatchPath}, never on this.
     */
    static String rawPathInApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    /**
     * {@link #rawPathInApplication} for a log line: without path parameters, where a container that rewrites URLs
     * puts the session ID ({@code ;jsessionid=...}).
     */
    static String loggedPath(HttpServletRequest request) {
        return rawPathInApplication(request).replaceAll(";[^/]*", "");
    }

    /**
     * The current request as a return path (path within the application and query), or "/" when unsafe. It travels
     * in the pending-login cookie, so it is bounded by {@link #MAX_STORED_RETURN_PATH}: a longer one loses its
     * query, and a path longer still returns to "/".
     */
    static String returnPath(HttpServletRequest request) {
        String query = request.getQueryString();
        String raw = rawPathInApplication(request);
        String path = raw + (query == null ? "" : "?" + query);
        if (path.length() > MAX_STORED_RETURN_PATH) {
            path = raw.length() <= MAX_STORED_RETURN_PATH ? raw : "/";
        }
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
        return paths.baseUrl().map(base -> base + safe).orElse(request.getContextPath() + safe);
    }
}
