package dev.oidchybrid.filter.internal.config;

import java.nio.charset.StandardCharsets;
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
 * @param clientAuth          token endpoint authentication; {@link ClientAuth#NONE} without a secret (unless
 *                            {@code private_key_jwt}, which needs none)
 * @param keys                the client's own signing keys and how its assertions are addressed
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
 * @param requestObject       whether they travel as a request object signed with the client's key (RFC 9101)
 */
public record ClientSettings(String clientId, Optional<String> clientSecret, ClientAuth clientAuth,
                             ClientKeySettings keys, ResponseType responseType, String scope, Optional<String> refreshScope,
                             Optional<Long> maxAgeSeconds, Optional<String> audience, Optional<String> organization,
                             Map<String, String> authorizationParams, ParMode par, RequestObjectMode requestObject) {

    /** The shortest {@code client_secret_jwt} secret: an HS256 key has at least 256 bits (RFC 7518 §3.2). */
    static final int MIN_JWT_SECRET_BYTES = 32;

    /** Authorization parameters the filter sets itself; configuration may not override them. */
    static final Set<String> RESERVED_AUTH_PARAMS = Set.of("response_type", "response_mode", "client_id",
            "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "request",
            "request_uri");

    /** JWT claims of a request object (RFC 9101 §4, RFC 7519 §4.1): no authorization parameter may take them. */
    static final Set<String> REQUEST_OBJECT_CLAIMS = Set.of("iss", "aud", "iat", "nbf", "exp", "jti", "sub");

    public ClientSettings {
        authorizationParams = Collections.unmodifiableMap(new LinkedHashMap<>(authorizationParams));
    }

    /** Never the secret: a settings value may end up in a log line. */
    @Override
    public String toString() {
        return "ClientSettings[clientId=" + clientId + ", clientSecret=" + (clientSecret.isPresent() ? "(set)" : "(none)")
                + ", clientAuth=" + clientAuth + ", keys=" + keys + ", responseType=" + responseType + ", scope=" + scope
                + ", refreshScope=" + refreshScope + ", maxAgeSeconds=" + maxAgeSeconds + ", audience=" + audience
                + ", organization=" + organization + ", authorizationParams=" + authorizationParams + ", par=" + par
                + ", requestObject=" + requestObject + "]";
    }

    /** @param bearerMode whether the filter protects an API; a client ID is then optional */
    static ClientSettings parse(ParamReader reader, boolean bearerMode) {
        String clientId = bearerMode ? reader.optional(InitParam.CLIENT_ID).orElse("")
                : reader.required(InitParam.CLIENT_ID);
        Optional<String> secret = reader.optional(InitParam.CLIENT_SECRET);
        ClientAuth clientAuth = parseClientAuth(reader, secret);
        ClientKeySettings keys = ClientKeySettings.parse(reader, clientAuth, bearerMode);
        ResponseType responseType = reader.choice(InitParam.RESPONSE_TYPE, ResponseType::parse,
                "must be one of: code, code id_token, code token, code id_token token");
        String scope = parseScope(reader);
        Optional<Long> maxAge = reader.optionalLong(InitParam.MAX_AGE, 0, Long.MAX_VALUE);
        Map<String, String> params = parseAuthParams(reader, maxAge);
        return new ClientSettings(clientId, secret, clientAuth, keys, responseType, scope, parseRefreshScope(reader, scope),
                maxAge, Optional.ofNullable(params.get("audience")), Optional.ofNullable(params.get("organization")),
                params, reader.choice(InitParam.PAR, ParMode::parse, "must be auto, true or false"),
                parseRequestObject(reader, keys, params));
    }

    /** {@code request-object=signed} signs with the client's key, and no parameter may pose as a JWT claim. */
    private static RequestObjectMode parseRequestObject(ParamReader reader, ClientKeySettings keys,
                                                        Map<String, String> params) {
        RequestObjectMode mode = reader.choice(InitParam.REQUEST_OBJECT, RequestObjectMode::parse,
                "must be none or signed");
        if (mode != RequestObjectMode.SIGNED) {
            return mode;
        }
        if (!keys.configured()) {
            reader.problem(InitParam.REQUEST_OBJECT.paramName() + "=signed signs every authorization request with the client's "
                    + "key: set " + InitParam.CLIENT_KEY.paramName() + " or " + InitParam.CLIENT_KEYSTORE.paramName()
                    + " (environment variable '" + InitParam.CLIENT_KEY.environmentVariable() + "')");
        }
        params.keySet().stream().filter(REQUEST_OBJECT_CLAIMS::contains).forEach(name -> reader.problem(
                InitParam.EXTRA_AUTH_PARAMS, "must not set '" + name + "' with " + InitParam.REQUEST_OBJECT.paramName()
                        + "=signed: it is a claim of the request object"));
        return mode;
    }

    /**
     * {@code private_key_jwt} needs no secret, {@code client_secret_jwt} a long one; without a secret any other
     * method reads as a public client, as before these two existed.
     */
    private static ClientAuth parseClientAuth(ParamReader reader, Optional<String> secret) {
        Optional<ClientAuth> named = ClientAuth.parse(reader.value(InitParam.CLIENT_AUTH));
        if (named.equals(Optional.of(ClientAuth.PRIVATE_KEY_JWT))) {
            return ClientAuth.PRIVATE_KEY_JWT;
        }
        if (named.equals(Optional.of(ClientAuth.CLIENT_SECRET_JWT))) {
            if (secret.isEmpty()) {
                reader.problem(InitParam.CLIENT_SECRET, "is required with " + InitParam.CLIENT_AUTH.paramName()
                        + "=client_secret_jwt");
            } else if (secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
                reader.problem(InitParam.CLIENT_SECRET, "must be at least " + MIN_JWT_SECRET_BYTES + " bytes with "
                        + InitParam.CLIENT_AUTH.paramName() + "=client_secret_jwt (an HS256 key, RFC 7518 §3.2)");
            }
            return ClientAuth.CLIENT_SECRET_JWT;
        }
        if (secret.isEmpty()) {
            return ClientAuth.NONE;
        }
        return reader.choice(InitParam.CLIENT_AUTH, value -> ClientAuth.parse(value)
                .filter(auth -> auth != ClientAuth.NONE),
                "must be client_secret_basic, client_secret_post, client_secret_jwt or private_key_jwt");
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
