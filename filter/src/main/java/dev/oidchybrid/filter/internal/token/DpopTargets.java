package dev.oidchybrid.filter.internal.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code htu} comparison of RFC 9449 §4.3: the URL without query and fragment, with scheme and host in lower
 * case, the scheme's default port left out and an empty path taken as {@code /} (RFC 3986 §6.2.2, §6.2.3). The
 * path is compared as sent, percent-encoding included.
 */
final class DpopTargets {

    private DpopTargets() {
    }

    /** The normal form of an absolute http(s) URL without user info, or empty for anything else. */
    static Optional<String> normalise(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                + path);
    }
}
