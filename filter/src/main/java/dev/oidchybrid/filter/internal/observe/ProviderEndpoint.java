package dev.oidchybrid.filter.internal.observe;

import java.util.Locale;

/**
 * The provider's endpoints the filter calls from the server. The {@code end_session_endpoint} is not among them:
 * RP-initiated logout sends the browser there ({@link Telemetry#loggedOut}).
 */
public enum ProviderEndpoint {
    DISCOVERY("GET"),
    JWKS("GET"),
    TOKEN("POST"),
    PAR("POST"),
    USERINFO("GET");

    private final String method;

    ProviderEndpoint(String method) {
        this.method = method;
    }

    /** The HTTP method the filter calls it with. */
    public String method() {
        return method;
    }

    /** The endpoint as a meter tag and span attribute: {@code discovery}, {@code jwks}, {@code token}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
