package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This application as a client of one provider: its registration, how it authenticates at the token endpoint
 * and what it asks for in every authorization request (OpenID Connect Core 1.0 §3.1.2.1, §9).
 *
 * @param clientId            the registered client ID (empty in bearer mode when not configured)
 * @param clientSecret        the client secret, or empty for a public client (PKCE only)
 * @param clientAuth          token endpoint authentication; {@link ClientAuth#NONE} without a secret
 * @param responseType        the flow: authorization code or one of the hybrid variants
 * @param scope               the requested scopes, space separated, each once, {@code openid} among them
 * @param refreshScope        the scope to ask for on refresh (a subset of {@code scope}), or empty to keep it
 * @param maxAgeSeconds       the {@code max_age} sent, or empty
 * @param audience            the {@code audience} authorization parameter (Auth0: the API the access token is
 *                            for; in bearer mode the {@code aud} access tokens must carry), or empty
 * @param organization        the Auth0 {@code organization} authorization parameter, or empty; ID tokens must
 *                            then be for it
 * @param authorizationParams every extra authorization parameter in order: audience, organization, invitation,
 *                            prompt, max_age, acr_values, ui_locales, then extra-auth-params
 * @param par                 whether authorization requests are pushed to the provider first (RFC 9126)
 */
public record ClientSettings(String clientId, Optional<String> clientSecret, ClientAuth clientAuth,
                             ResponseType responseType, String scope, Optional<String> refreshScope,
                             Optional<Long> maxAgeSeconds, Optional<String> audience, Optional<String> organization,
                             Map<String, String> authorizationParams, ParMode par) {

    /** Authorization parameters the filter sets itself; configuration may not override them. */
    static final Set<String> RESERVED_AUTH_PARAMS = Set.of("response_type", "response_mode", "client_id",
            "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "request",
            "request_uri");

    public ClientSettings {
        authorizationParams = Collections.unmodifiableMap(new LinkedHashMap<>(authorizationParams));
    }

    /** Never the secret: a settings value may end up in a log line. */
    @Override
    public String toString() {
        return "ClientSettings[clientId=" + clientId + ", clientSecret=" + (clientSecret.isPresent() ? "(set)" : "(none)")
                + ", clientAuth=" + clientAuth + ", responseType=" + responseType + ", scope=" + scope
                + ", refreshScope=" + refreshScope + ", maxAgeSeconds=" + maxAgeSeconds + ", audience=" + audience
                + ", organization=" + organization + ", authorizationParams=" + authorizationParams + ", par=" + par
                + "]";
    }

    /** @param bearerMode whether the filter protects an API; a client ID is then optional */
    static ClientSettings parse(ParamReader reader, boolean bearerMode) {
        String clientId = bearerMode ? reader.optional(InitParam.CLIENT_ID).orElse("")
                : reader.required(InitParam.CLIENT_ID);
        Optional<String> secret = reader.optional(InitParam.CLIENT_SECRET);
        ClientAuth clientAuth = secret.isEmpty() ? ClientAuth.NONE : reader.choice(InitParam.CLIENT_AUTH,
                value -> ClientAuth.parse(value).filter(auth -> auth != ClientAuth.NONE),
                "must be client_secret_basic or client_secret_post");
        ResponseType responseType = reader.choice(InitParam.RESPONSE_TYPE, ResponseType::parse,
                "must be one of: code, code id_token, code token, code id_token token");
        String scope = parseScope(reader);
        Optional<Long> maxAge = reader.optionalLong(InitParam.MAX_AGE, 0, Long.MAX_VALUE);
        Map<String, String> params = parseAuthParams(reader, maxAge);
        return new ClientSettings(clientId, secret, clientAuth, responseType, scope, parseRefreshScope(reader, scope),
                maxAge, Optional.ofNullable(params.get("audience")), Optional.ofNullable(params.get("organization")),
                params, reader.choice(InitParam.PAR, ParMode::parse, "must be auto, true or false"));
    }

    private static String parseScope(ParamReader reader) {
        List<String> scopes = Arrays.asList(reader.value(InitParam.SCOPE).split("\\s+"));
        if (!scopes.contains("openid")) {
            reader.problem(InitParam.SCOPE, "must contain 'openid'");
        }
        return String.join(" ", new LinkedHashSet<>(scopes));
    }

    private static Optional<String> parseRefreshScope(ParamReader reader, String scope) {
        String value = reader.value(InitParam.REFRESH_SCOPE);
        if (value == null) {
            return Optional.empty();
        }
        List<String> asked = Arrays.asList(value.split("\\s+"));
        if (!Arrays.asList(scope.split("\\s+")).containsAll(asked)) {
            reader.problem(InitParam.REFRESH_SCOPE, "must be a subset of scope (a refresh cannot widen it, RFC 6749 §6)");
        }
        return Optional.of(String.join(" ", new LinkedHashSet<>(asked)));
    }

    /**
     * The authorization parameters of their own init-params, then those of {@code extra-auth-params}, which may
     * neither set a protocol parameter of the filter's nor one that is already set.
     */
    private static Map<String, String> parseAuthParams(ParamReader reader, Optional<Long> maxAge) {
        Map<String, String> params = new LinkedHashMap<>();
        reader.optional(InitParam.AUDIENCE).ifPresent(value -> params.put("audience", value));
        reader.optional(InitParam.ORGANIZATION).ifPresent(value -> params.put("organization", value));
        reader.optional(InitParam.INVITATION).ifPresent(value -> params.put("invitation", value));
        reader.optional(InitParam.PROMPT).ifPresent(value -> params.put("prompt", value));
        maxAge.ifPresent(value -> params.put("max_age", Long.toString(value)));
        reader.optional(InitParam.ACR_VALUES).ifPresent(value -> params.put("acr_values", value));
        reader.optional(InitParam.UI_LOCALES).ifPresent(value -> params.put("ui_locales", value));
        for (Map.Entry<String, String> pair : reader.queryPairs(InitParam.EXTRA_AUTH_PARAMS)) {
            String name = pair.getKey();
            if (RESERVED_AUTH_PARAMS.contains(name)) {
                reader.problem(InitParam.EXTRA_AUTH_PARAMS, "must not set '" + name + "': the filter sets it");
            } else if (params.containsKey(name)) {
                reader.problem(InitParam.EXTRA_AUTH_PARAMS, "sets '" + name + "' twice (or also through its own parameter)");
            } else {
                params.put(name, pair.getValue());
            }
        }
        return params;
    }
}
