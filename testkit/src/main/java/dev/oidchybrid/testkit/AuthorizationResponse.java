package dev.oidchybrid.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An authorization response (success or error) on its way to the client's redirect URI, in the requested
 * response mode: query or fragment of a 302 (OAuth 2.0 Multiple Response Type Encoding Practices, 2.1) or an
 * auto-submitted form (OAuth 2.0 Form Post Response Mode, 2). The parameters always end with {@code state} (when
 * the request had one, RFC 6749 4.1.2) and {@code iss} (RFC 9207, 2), unless a {@link ProviderFaults} switch alters
 * them on the way out.
 *
 * @param redirectUri the registered redirect URI from the request
 * @param mode        how to deliver
 * @param params      response parameters in order (null values are left out)
 */
record AuthorizationResponse(String redirectUri, ResponseMode mode, Map<String, String> params) {

    AuthorizationResponse {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * A response carrying {@code params}, then {@code state} and {@code iss}.
     */
    static AuthorizationResponse of(String redirectUri, ResponseMode mode, Map<String, String> params, String state,
            String issuer) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("state", state);
        all.put("iss", issuer);
        all.values().removeIf(java.util.Objects::isNull);
        return new AuthorizationResponse(redirectUri, mode, all);
    }

    /** An error response (RFC 6749, 4.1.2.1). */
    static AuthorizationResponse error(String redirectUri, ResponseMode mode, String error, String description,
            String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        return of(redirectUri, mode, params, state, issuer);
    }

    /** The HTTP response that delivers this to the browser. */
    Response toResponse() {
        return switch (mode) {
            case QUERY -> Response.redirect(redirectUri + (redirectUri.contains("?") ? "&" : "?") + Params.encode(params));
            case FRAGMENT -> Response.redirect(redirectUri + "#" + Params.encode(params));
            case FORM_POST -> Response.html(200, HtmlPages.formPost(redirectUri, params));
        };
    }
}
