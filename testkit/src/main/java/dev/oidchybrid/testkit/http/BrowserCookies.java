package dev.oidchybrid.testkit.http;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cookie jar for the JDK's HTTP clients that treats plain http on loopback hosts ({@code localhost},
 * {@code *.localhost}, {@code 127.0.0.0/8}, {@code ::1}) as a secure context, as Chromium and Firefox do: Secure cookies set there are kept and sent back. The JDK's own
 * {@link CookieManager} sends Secure cookies over https only, so a test of an application on
 * {@code http://localhost} would otherwise lose the filter's (secure, {@code __Host-}) cookies.
 */
public final class BrowserCookies extends CookieHandler {

    private final CookieManager delegate = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return delegate.get(asBrowserSees(uri), requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        delegate.put(asBrowserSees(uri), responseHeaders);
    }

    public CookieStore getCookieStore() {
        return delegate.getCookieStore();
    }

    /** {@code localhost}, a name below it, {@code 127.0.0.0/8} or {@code ::1}: what browsers treat as secure. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127(\\.[0-9]{1,3}){3}")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** {@code http://<loopback>...} as the https origin browsers take it for; anything else unchanged. */
    static URI asBrowserSees(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || !isLoopback(host)) {
            return uri;
        }
        return URI.create("https" + uri.toString().substring(uri.getScheme().length()));
    }
}
