package dev.oidchybrid.filter.internal.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the authorization request is pushed to the provider first (RFC 9126): {@code auto} pushes when the
 * discovery document says {@code require_pushed_authorization_requests: true}, {@code true} always pushes,
 * {@code false} never does.
 */
public enum ParMode {
    AUTO, TRUE, FALSE;

    /** The {@code par} parameter value: {@code auto}, {@code true} or {@code false} (any case). */
    public static Optional<ParMode> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.of(AUTO);
            case "true" -> Optional.of(TRUE);
            case "false" -> Optional.of(FALSE);
            default -> Optional.empty();
        };
    }

    /** The value as written in the configuration. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
