package dev.oidchybrid.filter.internal.config;

import java.net.URI;
import java.util.Locale;

/**
 * Web origins (RFC 6454) as the filter compares them: {@code scheme://host[:port]}, lower case, the default port
 * left out. Used to decide where a user's access token may be sent.
 */
public final class Origins {

    private Origins() {
    }

    /** The origin of an absolute http(s) URL, or null when it has none (relative, another scheme, user info). */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        try {
            return of(URI.create(url.trim()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The origin of an absolute http(s) URI, or null. */
    public static String of(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
