package dev.oidchybrid.testkit;

/**
 * How authorization response parameters reach the client: the query or fragment of the redirect URI (OAuth 2.0
 * Multiple Response Type Encoding Practices, 2.1) or an auto-submitted HTML form (OAuth 2.0 Form Post Response
 * Mode, 2).
 */
enum ResponseMode {
    QUERY("query"),
    FRAGMENT("fragment"),
    FORM_POST("form_post");

    private final String value;

    ResponseMode(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    /** The mode named {@code text}, or null when unknown. */
    static ResponseMode parse(String text) {
        for (ResponseMode mode : values()) {
            if (mode.value.equals(text)) {
                return mode;
            }
        }
        return null;
    }
}
