package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.config.ClientSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the authorization request (OpenID Connect Core 1.0 §3.1.2.1, §3.3.2.1; RFC 7636 §4.3):
 * {@code response_type}, {@code response_mode=form_post}, {@code client_id}, {@code redirect_uri},
 * {@code scope}, {@code state}, {@code nonce}, {@code code_challenge} with S256, then the configured extra
 * parameters, then parameters forwarded from the protected request (Auth0 invitation links). The same
 * parameters go into the browser's URL or, with pushed authorization requests (RFC 9126), into the pushed
 * request, so the two paths cannot drift. Pure.
 */
public final class AuthorizationRequestBuilder {

    private AuthorizationRequestBuilder() {
    }

    /** The authorization request as a URL the browser is sent to. */
    public static String build(String authorizationEndpoint, ClientSettings client, String redirectUri, String state,
                               String nonce, String codeChallenge, Map<String, String> forwarded) {
        return url(authorizationEndpoint, params(client, redirectUri, state, nonce, codeChallenge, forwarded));
    }

    /** Every parameter of the authorization request, in order. */
    public static Map<String, String> params(ClientSettings client, String redirectUri, String state, String nonce,
                                             String codeChallenge, Map<String, String> forwarded) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", client.responseType().value());
        params.put("response_mode", "form_post");
        params.put("client_id", client.clientId());
        params.put("redirect_uri", redirectUri);
        params.put("scope", client.scope());
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", codeChallenge);
        params.put("code_challenge_method", "S256");
        params.putAll(client.authorizationParams());
        params.putAll(forwarded);
        return params;
    }

    /** {@code endpoint} with {@code params} added to its query, each name and value percent-encoded. */
    public static String url(String endpoint, Map<String, String> params) {
        StringBuilder url = new StringBuilder(endpoint);
        char separator = endpoint.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            url.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
