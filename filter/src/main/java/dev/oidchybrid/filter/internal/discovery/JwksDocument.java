package dev.oidchybrid.filter.internal.discovery;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A fetched JWKS document and how long its response said it may be cached ({@code Cache-Control}, RFC 9111
 * §5.2.2): {@code max-age=N} gives N seconds, {@code no-store} or {@code no-cache} zero, anything else nothing.
 *
 * @param json   the document
 * @param maxAge the cache lifetime the response gave, or null when it gave none
 */
public record JwksDocument(String json, Duration maxAge) {

    /** The lifetime a {@code Cache-Control} header value gives, or empty when it gives none (or is garbled). */
    public static Optional<Duration> maxAge(String cacheControl) {
        if (cacheControl == null) {
            return Optional.empty();
        }
        Duration found = null;
        for (String directive : cacheControl.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache")) {
                return Optional.of(Duration.ZERO);
            }
            if (d.startsWith("max-age=")) {
                String value = d.substring("max-age=".length()).replace("\"", "");
                if (!value.matches("[0-9]{1,10}")) {
                    return Optional.empty();
                }
                found = Duration.ofSeconds(Long.parseLong(value));
            }
        }
        return Optional.ofNullable(found);
    }
}
