package dev.oidchybrid.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The supported {@code response_type} values: the code flow and the three hybrid flows (OpenID Connect Core 1.0,
 * 3.1.1 and 3.3; OAuth 2.0 Multiple Response Type Encoding Practices, 5). Implicit-only types are not supported.
 */
enum ResponseType {
    CODE("code"),
    CODE_ID_TOKEN("code id_token"),
    CODE_TOKEN("code token"),
    CODE_ID_TOKEN_TOKEN("code id_token token");

    private final String value;
    private final Set<String> parts;

    ResponseType(String value) {
        this.value = value;
        this.parts = Set.of(value.split(" "));
    }

    /** The canonical value, as advertised in discovery. */
    String value() {
        return value;
    }

    /** Whether the authorization response carries an ID token. */
    boolean includesIdToken() {
        return parts.contains("id_token");
    }

    /** Whether the authorization response carries an access token. */
    boolean includesAccessToken() {
        return parts.contains("token");
    }

    /** The response mode when the request names none: query for code, fragment otherwise (Multiple Response Types, 5). */
    ResponseMode defaultMode() {
        return this == CODE ? ResponseMode.QUERY : ResponseMode.FRAGMENT;
    }

    /**
     * Parses a {@code response_type}; the order of the space-separated values does not matter (Multiple Response
     * Types, 3).
     *
     * @param text the parameter value, may be null
     * @return the type, or null when missing or unsupported
     */
    static ResponseType parse(String text) {
        if (text == null) {
            return null;
        }
        List<String> given = Arrays.asList(text.split(" ", -1));
        Set<String> distinct = Set.copyOf(given);
        if (distinct.size() != given.size()) {
            return null;
        }
        for (ResponseType type : values()) {
            if (type.parts.equals(distinct)) {
                return type;
            }
        }
        return null;
    }
}
