package dev.oidchybrid.filter.internal.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How the authorization request travels ({@code request-object}): as plain parameters ({@code none}), or as a
 * request object signed with the client's key ({@code signed}, RFC 9101 JWT-Secured Authorization Request), which
 * the browser can carry but not change.
 */
public enum RequestObjectMode {
    NONE, SIGNED;

    /** The {@code request-object} value: {@code none} or {@code signed} (any case). */
    public static Optional<RequestObjectMode> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(NONE);
            case "signed" -> Optional.of(SIGNED);
            default -> Optional.empty();
        };
    }

    /** The value as written in the configuration. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
