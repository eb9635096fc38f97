package dev.oidchybrid.filter.internal.token;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The DPoP nonces servers handed out (RFC 9449 §8, §9), one per origin, replaced by every {@code DPoP-Nonce}
 * answer: the next proof to that origin carries it. Bounded (oldest origin forgotten first); a nonce that is not
 * a plain token (RFC 9449 §8.1: NQCHAR) is ignored rather than echoed.
 */
public final class DpopNonceMemory {

    private static final Pattern NQCHAR = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,512}");
    private static final int MAX_ORIGINS = 256;

    private final Map<String, String> byOrigin = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_ORIGINS;
        }
    };

    /** The nonce to send with a proof for {@code url}, if its server gave one. */
    public synchronized Optional<String> forUrl(String url) {
        return origin(url).map(byOrigin::get);
    }

    /** Remembers the nonce a response from {@code url} carried in {@code DPoP-Nonce} (null: none). */
    public synchronized void remember(String url, String nonce) {
        if (nonce == null || !NQCHAR.matcher(nonce).matches()) {
            return;
        }
        origin(url).ifPresent(origin -> byOrigin.put(origin, nonce));
    }

    static Optional<String> origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
