package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filter's validated, immutable configuration. Built by {@link Builder#build()}, which checks every
 * parameter and reports all problems in one {@code invalid_configuration} failure, so an operator fixes
 * web.xml once instead of once per problem.
 */
public final class OidcConfig {

    /** Authorization parameters the filter sets itself; configuration may not override them. */
    static final Set<String> RESERVED_AUTH_PARAMS = Set.of("response_type", "response_mode", "client_id",
            "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "request",
            "request_uri");

    private static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private final boolean bearerMode;
    private final List<ScopeRule> requiredScopes;
    private final List<String> defaultRequiredScopes;
    private final boolean plainJwtAccessTokens;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final ClientAuth clientAuth;
    private final ResponseType responseType;
    private final String scope;
    private final Map<String, String> extraAuthParams;
    private final Long maxAgeSeconds;
    private final String redirectPath;
    private final String logoutPath;
    private final String backchannelLogoutPath;
    private final String postLogoutPath;
    private final String baseUrl;
    private final boolean trustForwardedHeaders;
    private final PathMatcher excludedPaths;
    private final Duration clockSkew;
    private final String rolesClaim;
    private final String principalClaim;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration refreshBeforeExpiry;
    private final String refreshScope;
    private final boolean userinfo;
    private final List<String> cookieKeys;
    private final SessionStoreKind sessionStore;
    private final SharedStateKind sharedState;
    private final String jcacheProvider;
    private final String jcacheUri;
    private final Map<String, String> jcacheProperties;
    private final String jcachePrefix;
    private final Duration sessionTimeout;
    private final Duration sessionMaxAge;
    private final List<String> apiOrigins;
    private final int maxProviderCalls;
    private final Duration accessTokenDefaultLifetime;
    private final Duration loginTimeout;
    private final int maxPendingLogins;
    private final Set<String> idTokenAlgorithms;

    private OidcConfig(Parsed p) {
        this.bearerMode = p.bearerMode;
        this.requiredScopes = List.copyOf(p.requiredScopes);
        this.plainJwtAccessTokens = p.plainJwtAccessTokens;
        this.defaultRequiredScopes = p.defaultRequiredScopes == null ? List.of() : List.copyOf(p.defaultRequiredScopes);
        this.issuer = p.issuer;
        this.clientId = p.clientId;
        this.clientSecret = p.clientSecret;
        this.clientAuth = p.clientAuth;
        this.responseType = p.responseType;
        this.scope = p.scope;
        this.extraAuthParams = Collections.unmodifiableMap(p.extraAuthParams);
        this.maxAgeSeconds = p.maxAgeSeconds;
        this.redirectPath = p.redirectPath;
        this.logoutPath = p.logoutPath;
        this.backchannelLogoutPath = p.backchannelLogoutPath;
        this.postLogoutPath = p.postLogoutPath;
        this.baseUrl = p.baseUrl;
        this.trustForwardedHeaders = p.trustForwardedHeaders;
        this.excludedPaths = p.excludedPaths;
        this.clockSkew = p.clockSkew;
        this.rolesClaim = p.rolesClaim;
        this.principalClaim = p.principalClaim;
        this.connectTimeout = p.connectTimeout;
        this.readTimeout = p.readTimeout;
        this.refreshBeforeExpiry = p.refreshBeforeExpiry;
        this.refreshScope = p.refreshScope;
        this.userinfo = p.userinfo;
        this.cookieKeys = List.copyOf(p.cookieKeys);
        this.sessionStore = p.sessionStore;
        this.sharedState = p.sharedState;
        this.jcacheProvider = p.jcacheProvider;
        this.jcacheUri = p.jcacheUri;
        this.jcacheProperties = Collections.unmodifiableMap(p.jcacheProperties);
        this.jcachePrefix = p.jcachePrefix;
        this.sessionTimeout = p.sessionTimeout;
        this.sessionMaxAge = p.sessionMaxAge;
        this.apiOrigins = List.copyOf(p.apiOrigins);
        this.maxProviderCalls = p.maxProviderCalls;
        this.accessTokenDefaultLifetime = p.accessTokenDefaultLifetime;
        this.loginTimeout = p.loginTimeout;
        this.maxPendingLogins = p.maxPendingLogins;
        this.idTokenAlgorithms = Collections.unmodifiableSet(p.idTokenAlgorithms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with the resolved values of every parameter. */
    public static Builder builder(InitParams params) {
        Builder builder = new Builder();
        for (InitParam param : InitParam.values()) {
            params.get(param).ifPresent(value -> builder.set(param, value));
        }
        return builder;
    }

    /** Whether the filter protects an API with bearer tokens instead of logging users in. */
    public boolean bearerMode() { return bearerMode; }
    /** In bearer mode: the scope rules, first match wins. */
    public List<ScopeRule> requiredScopes() { return requiredScopes; }
    /** The scopes of the {@code *} entry of {@code required-scopes}: needed on every path no other entry matches. */
    public List<String> defaultRequiredScopes() { return defaultRequiredScopes; }
    /**
     * Whether bearer mode accepts JWT access tokens whose header {@code typ} is {@code JWT} or absent (when they
     * carry no ID-token marker), besides {@code at+jwt}; false for strict RFC 9068.
     */
    public boolean plainJwtAccessTokens() { return plainJwtAccessTokens; }
    public String issuer() { return issuer; }
    public String clientId() { return clientId; }
    /** The client secret, or empty for a public client. */
    public Optional<String> clientSecret() { return Optional.ofNullable(clientSecret); }
    public ClientAuth clientAuth() { return clientAuth; }
    public ResponseType responseType() { return responseType; }
    public String scope() { return scope; }
    /** Extra authorization parameters in order: audience, organization, invitation, prompt, max_age, ..., then extra-auth-params. */
    public Map<String, String> extraAuthParams() { return extraAuthParams; }
    public Optional<Long> maxAgeSeconds() { return Optional.ofNullable(maxAgeSeconds); }
    public String redirectPath() { return redirectPath; }
    public String logoutPath() { return logoutPath; }
    public String backchannelLogoutPath() { return backchannelLogoutPath; }
    public String postLogoutPath() { return postLogoutPath; }
    /** The configured external base URL without a trailing slash, or empty to derive it from requests. */
    public Optional<String> baseUrl() { return Optional.ofNullable(baseUrl); }
    /** Whether X-Forwarded-Proto/Host/Port are honoured when no base-url is configured. */
    public boolean trustForwardedHeaders() { return trustForwardedHeaders; }
    public PathMatcher excludedPaths() { return excludedPaths; }
    public Duration clockSkew() { return clockSkew; }
    public Optional<String> rolesClaim() { return Optional.ofNullable(rolesClaim); }
    public String principalClaim() { return principalClaim; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration readTimeout() { return readTimeout; }
    public Duration refreshBeforeExpiry() { return refreshBeforeExpiry; }
    /** Whether UserInfo claims are fetched after login and refresh. */
    public boolean userinfo() { return userinfo; }
    /** The scope to ask for on refresh, or empty to keep the original. */
    public Optional<String> refreshScope() { return Optional.ofNullable(refreshScope); }
    /** The cookie sealing secrets, first one seals; empty when a random key must be generated. */
    public List<String> cookieKeys() { return cookieKeys; }
    public SessionStoreKind sessionStore() { return sessionStore; }
    public SharedStateKind sharedState() { return sharedState; }
    /** The JCache CachingProvider class name, or empty for the default provider. */
    public Optional<String> jcacheProvider() { return Optional.ofNullable(jcacheProvider); }
    /** The JCache provider's configuration URI, or empty for its default. */
    public Optional<String> jcacheUri() { return Optional.ofNullable(jcacheUri); }
    /** Properties for the JCache provider's cache manager. */
    public Map<String, String> jcacheProperties() { return jcacheProperties; }
    public String jcachePrefix() { return jcachePrefix; }
    /** Inactivity after which a {@code cookie} or {@code jcache} session ends. */
    public Duration sessionTimeout() { return sessionTimeout; }
    /** Origins ({@code scheme://host[:port]}, lower case) the user's access token may be sent to by API clients. */
    public List<String> apiOrigins() { return apiOrigins; }
    /** Most token requests this filter runs at once (a bulkhead against floods of callbacks). */
    public int maxProviderCalls() { return maxProviderCalls; }
    /** How long a session lives at most after its login, however active (absolute lifetime). */
    public Duration sessionMaxAge() { return sessionMaxAge; }
    /** The lifetime taken for an access token whose token response gave no {@code expires_in}. */
    public Duration accessTokenDefaultLifetime() { return accessTokenDefaultLifetime; }
    public Duration loginTimeout() { return loginTimeout; }
    public int maxPendingLogins() { return maxPendingLogins; }
    public Set<String> idTokenAlgorithms() { return idTokenAlgorithms; }

    /** In bearer mode: the scopes a request path needs. */
    public record ScopeRule(PathMatcher paths, List<String> scopes) {
    }

    /** Collects raw parameter values; {@link #build()} validates them all at once. */
    public static final class Builder {
        private final Map<InitParam, String> raw = new EnumMap<>(InitParam.class);

        private Builder() {
            for (InitParam param : InitParam.values()) {
                if (param.defaultValue() != null) {
                    raw.put(param, param.defaultValue());
                }
            }
        }

        /** Sets a parameter from its string form; {@code null} or blank resets it to its default. */
        public Builder set(InitParam param, String value) {
            if (value == null || value.isBlank()) {
                if (param.defaultValue() == null) {
                    raw.remove(param);
                } else {
                    raw.put(param, param.defaultValue());
                }
            } else {
                raw.put(param, value.trim());
            }
            return this;
        }

        /**
         * Validates every parameter.
         *
         * @throws OidcException {@code invalid_configuration} naming every problem found
         */
        public OidcConfig build() {
            Parsed parsed = new Parsed(raw);
            if (!parsed.problems.isEmpty()) {
                throw new OidcException(ErrorCode.INVALID_CONFIGURATION,
                        "invalid OIDC filter configuration: " + String.join("; ", parsed.problems), "");
            }
            return new OidcConfig(parsed);
        }
    }

    /** Parsing and validation, collecting problems instead of stopping at the first. */
    private static final class Parsed {
        private final List<String> problems = new ArrayList<>();
        private final Map<InitParam, String> raw;
        boolean bearerMode;
        final List<ScopeRule> requiredScopes = new ArrayList<>();
        List<String> defaultRequiredScopes;
        boolean plainJwtAccessTokens;
        String issuer;
        String clientId;
        String clientSecret;
        ClientAuth clientAuth;
        ResponseType responseType;
        String scope;
        final Map<String, String> extraAuthParams = new LinkedHashMap<>();
        Long maxAgeSeconds;
        String redirectPath;
        String logoutPath;
        String backchannelLogoutPath;
        String postLogoutPath;
        String baseUrl;
        boolean trustForwardedHeaders;
        PathMatcher excludedPaths;
        Duration clockSkew;
        String rolesClaim;
        String principalClaim;
        Duration connectTimeout;
        Duration readTimeout;
        Duration refreshBeforeExpiry;
        String refreshScope;
        boolean userinfo;
        List<String> cookieKeys = List.of();
        SessionStoreKind sessionStore;
        SharedStateKind sharedState;
        String jcacheProvider;
        String jcacheUri;
        final Map<String, String> jcacheProperties = new LinkedHashMap<>();
        String jcachePrefix;
        Duration sessionTimeout;
        Duration sessionMaxAge;
        final List<String> apiOrigins = new ArrayList<>();
        int maxProviderCalls;
        Duration accessTokenDefaultLifetime;
        Duration loginTimeout;
        int maxPendingLogins;
        Set<String> idTokenAlgorithms = new LinkedHashSet<>();

        Parsed(Map<InitParam, String> raw) {
            this.raw = raw;
            String mode = raw.get(InitParam.MODE);
            bearerMode = "bearer".equals(mode);
            if (!bearerMode && !"session".equals(mode)) {
                problem(InitParam.MODE, "must be session or bearer");
            }
            issuer = parseIssuer();
            clientId = bearerMode ? raw.getOrDefault(InitParam.CLIENT_ID, "") : required(InitParam.CLIENT_ID);
            if (bearerMode && raw.get(InitParam.AUDIENCE) == null) {
                problem(InitParam.AUDIENCE, "is required in bearer mode (the aud the access tokens must carry)");
            }
            parseScopeRules();
            plainJwtAccessTokens = parseAccessTokenTypes();
            clientSecret = raw.get(InitParam.CLIENT_SECRET);
            clientAuth = parseClientAuth();
            responseType = ResponseType.parse(raw.get(InitParam.RESPONSE_TYPE)).orElse(null);
            if (responseType == null) {
                problem(InitParam.RESPONSE_TYPE, "must be one of: code, code id_token, code token, code id_token token");
            }
            scope = parseScope();
            maxAgeSeconds = optionalLong(InitParam.MAX_AGE, 0, Long.MAX_VALUE);
            parseAuthParams();
            redirectPath = path(InitParam.REDIRECT_PATH);
            logoutPath = path(InitParam.LOGOUT_PATH);
            backchannelLogoutPath = path(InitParam.BACKCHANNEL_LOGOUT_PATH);
            postLogoutPath = path(InitParam.POST_LOGOUT_PATH);
            if (redirectPath != null && (redirectPath.equals(logoutPath) || redirectPath.equals(backchannelLogoutPath))
                    || logoutPath != null && logoutPath.equals(backchannelLogoutPath)) {
                problems.add("redirect-path, logout-path and backchannel-logout-path must differ");
            }
            baseUrl = parseBaseUrl();
            parseApiOrigins();
            trustForwardedHeaders = bool(InitParam.TRUST_FORWARDED_HEADERS);
            excludedPaths = parseExcludedPaths();
            clockSkew = seconds(InitParam.CLOCK_SKEW, 0, 600);
            rolesClaim = raw.get(InitParam.ROLES_CLAIM);
            principalClaim = raw.get(InitParam.PRINCIPAL_CLAIM);
            connectTimeout = millis(InitParam.CONNECT_TIMEOUT, 1, 300_000);
            readTimeout = millis(InitParam.READ_TIMEOUT, 1, 300_000);
            refreshBeforeExpiry = seconds(InitParam.REFRESH_BEFORE_EXPIRY, 0, 3600);
            refreshScope = parseRefreshScope();
            userinfo = bool(InitParam.USERINFO);
            cookieKeys = parseCookieKeys();
            parseStores();
            loginTimeout = seconds(InitParam.LOGIN_TIMEOUT, 30, 86_400);
            Long pending = optionalLong(InitParam.MAX_PENDING_LOGINS, 1, 20);
            maxPendingLogins = pending == null ? 5 : pending.intValue();
            Long calls = optionalLong(InitParam.MAX_PROVIDER_CALLS, 1, 1000);
            maxProviderCalls = calls == null ? Integer.parseInt(InitParam.MAX_PROVIDER_CALLS.defaultValue())
                    : calls.intValue();
            parseAlgorithms();
        }

        private void problem(InitParam param, String message) {
            problems.add(param.paramName() + " " + message);
        }

        private String required(InitParam param) {
            String value = raw.get(param);
            if (value == null) {
                problem(param, "is required (init-param '" + param.paramName() + "', system property '"
                        + param.systemProperty() + "' or environment variable '" + param.environmentVariable() + "')");
            }
            return value;
        }

        private String parseIssuer() {
            String value = required(InitParam.ISSUER);
            if (value == null) {
                return null;
            }
            URI uri = uri(InitParam.ISSUER, value);
            if (uri == null) {
                return null;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem(InitParam.ISSUER, "must not have a query or fragment (OpenID Connect Discovery 1.0 §2)");
            }
            requireHttpsUnlessLoopback(InitParam.ISSUER, uri);
            return value;
        }

        private String parseRefreshScope() {
            String value = raw.get(InitParam.REFRESH_SCOPE);
            if (value == null || scope == null) {
                return null;
            }
            List<String> granted = Arrays.asList(scope.split("\\s+"));
            List<String> asked = Arrays.asList(value.trim().split("\\s+"));
            if (!granted.containsAll(asked)) {
                problem(InitParam.REFRESH_SCOPE, "must be a subset of scope (a refresh cannot widen it, RFC 6749 §6)");
            }
            return String.join(" ", new LinkedHashSet<>(asked));
        }

        private void parseScopeRules() {
            String value = raw.get(InitParam.REQUIRED_SCOPES);
            if (value == null) {
                return;
            }
            for (String entry : value.split(";")) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                String pattern = eq < 0 ? "" : trimmed.substring(0, eq).trim();
                List<String> scopes = eq < 0 ? List.of()
                        : Arrays.stream(trimmed.substring(eq + 1).trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
                boolean patternOk = pattern.equals("*") || pattern.startsWith("/") && (pattern.indexOf('*') < 0
                        || pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1);
                if (!patternOk || scopes.isEmpty()) {
                    problem(InitParam.REQUIRED_SCOPES, "entry '" + trimmed
                            + "' must be <path or /prefix/* or *>=<scope> [scope...]");
                    continue;
                }
                if (pattern.equals("*")) {
                    if (defaultRequiredScopes != null) {
                        problem(InitParam.REQUIRED_SCOPES, "has more than one default entry '*=...'");
                    }
                    defaultRequiredScopes = scopes;
                    continue;
                }
                requiredScopes.add(new ScopeRule(new PathMatcher(List.of(pattern)), scopes));
            }
        }

        /** {@code at+jwt} alone (strict RFC 9068), or with {@code jwt}: plain JWTs without ID-token markers too. */
        private boolean parseAccessTokenTypes() {
            Set<String> types = new LinkedHashSet<>();
            for (String type : raw.get(InitParam.ACCESS_TOKEN_TYPES).split(",")) {
                types.add(type.trim().toLowerCase(java.util.Locale.ROOT));
            }
            if (!types.contains("at+jwt") || !Set.of("at+jwt", "jwt").containsAll(types)) {
                problem(InitParam.ACCESS_TOKEN_TYPES, "must be 'at+jwt' or 'at+jwt, jwt'");
            }
            return types.contains("jwt");
        }

        private ClientAuth parseClientAuth() {
            if (clientSecret == null) {
                return ClientAuth.NONE;
            }
            ClientAuth auth = ClientAuth.parse(raw.get(InitParam.CLIENT_AUTH)).orElse(null);
            if (auth == null || auth == ClientAuth.NONE) {
                problem(InitParam.CLIENT_AUTH, "must be client_secret_basic or client_secret_post");
            }
            return auth;
        }

        private String parseScope() {
            String value = raw.get(InitParam.SCOPE);
            List<String> scopes = Arrays.asList(value.split("\\s+"));
            if (!scopes.contains("openid")) {
                problem(InitParam.SCOPE, "must contain 'openid'");
            }
            return String.join(" ", new LinkedHashSet<>(scopes));
        }

        private void parseAuthParams() {
            putParam("audience", raw.get(InitParam.AUDIENCE));
            putParam("organization", raw.get(InitParam.ORGANIZATION));
            putParam("invitation", raw.get(InitParam.INVITATION));
            putParam("prompt", raw.get(InitParam.PROMPT));
            if (maxAgeSeconds != null) {
                putParam("max_age", Long.toString(maxAgeSeconds));
            }
            putParam("acr_values", raw.get(InitParam.ACR_VALUES));
            putParam("ui_locales", raw.get(InitParam.UI_LOCALES));
            String extra = raw.get(InitParam.EXTRA_AUTH_PARAMS);
            if (extra == null) {
                return;
            }
            for (String pair : extra.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    problem(InitParam.EXTRA_AUTH_PARAMS, "entry '" + pair + "' is not name=value");
                    continue;
                }
                try {
                    String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (RESERVED_AUTH_PARAMS.contains(name)) {
                        problem(InitParam.EXTRA_AUTH_PARAMS, "must not set '" + name + "': the filter sets it");
                    } else if (extraAuthParams.containsKey(name)) {
                        problem(InitParam.EXTRA_AUTH_PARAMS, "sets '" + name + "' twice (or also through its own parameter)");
                    } else {
                        extraAuthParams.put(name, value);
                    }
                } catch (IllegalArgumentException e) {
                    problem(InitParam.EXTRA_AUTH_PARAMS, "entry '" + pair + "' is not valid percent-encoding");
                }
            }
        }

        private void putParam(String name, String value) {
            if (value != null) {
                extraAuthParams.put(name, value);
            }
        }

        private String path(InitParam param) {
            String value = raw.get(param);
            if (!value.startsWith("/") || value.contains("?") || value.contains("#") || value.contains("..")
                    || value.contains("\\") || value.startsWith("//")) {
                problem(param, "must be a plain path starting with '/', relative to the context");
                return null;
            }
            return value;
        }

        private void parseApiOrigins() {
            String value = raw.get(InitParam.API_ORIGINS);
            if (value == null) {
                return;
            }
            for (String entry : value.split(",")) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                URI uri;
                try {
                    uri = URI.create(trimmed);
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
                String origin = uri == null ? null : Origins.of(uri);
                boolean bare = uri != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/")) && uri.getRawQuery() == null && uri.getRawFragment() == null;
                if (origin == null || !bare) {
                    problem(InitParam.API_ORIGINS, "entry '" + trimmed + "' must be an origin: http(s)://host[:port], "
                            + "with no path, query or user");
                } else {
                    apiOrigins.add(origin);
                }
            }
        }

        private String parseBaseUrl() {
            String value = raw.get(InitParam.BASE_URL);
            if (value == null) {
                return null;
            }
            URI uri = uri(InitParam.BASE_URL, value);
            if (uri == null) {
                return null;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                problem(InitParam.BASE_URL, "must not have user info, a query or a fragment");
            }
            return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }

        private PathMatcher parseExcludedPaths() {
            String value = raw.get(InitParam.EXCLUDE_PATHS);
            List<String> patterns = new ArrayList<>();
            if (value != null) {
                for (String entry : value.split(",")) {
                    String pattern = entry.trim();
                    if (pattern.isEmpty()) {
                        continue;
                    }
                    if (!pattern.startsWith("/") || pattern.indexOf('*') >= 0 && !pattern.endsWith("/*")
                            || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
                        problem(InitParam.EXCLUDE_PATHS, "entry '" + pattern + "' must be an exact path or end in '/*'");
                        continue;
                    }
                    patterns.add(pattern);
                }
            }
            return new PathMatcher(patterns);
        }

        private List<String> parseCookieKeys() {
            String value = raw.get(InitParam.COOKIE_KEYS);
            if (value == null) {
                return List.of();
            }
            List<String> keys = new ArrayList<>();
            for (String key : value.split(",")) {
                String trimmed = key.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.length() < 32) {
                    problem(InitParam.COOKIE_KEYS, "entry " + (keys.size() + 1) + " is shorter than 32 characters");
                }
                keys.add(trimmed);
            }
            return keys;
        }

        private void parseStores() {
            sessionStore = SessionStoreKind.parse(raw.get(InitParam.SESSION_STORE)).orElse(null);
            if (sessionStore == null) {
                problem(InitParam.SESSION_STORE, "must be http-session, cookie or jcache");
            }
            String shared = raw.get(InitParam.SHARED_STATE);
            if (shared == null) {
                sharedState = sessionStore == SessionStoreKind.JCACHE ? SharedStateKind.JCACHE : SharedStateKind.LOCAL;
            } else {
                sharedState = SharedStateKind.parse(shared).orElse(null);
                if (sharedState == null) {
                    problem(InitParam.SHARED_STATE, "must be local or jcache");
                } else if (sharedState == SharedStateKind.LOCAL && sessionStore == SessionStoreKind.JCACHE) {
                    problem(InitParam.SHARED_STATE, "must be jcache with session-store=jcache (a logout or refresh on "
                            + "one node would otherwise not hold on the others)");
                }
            }
            jcacheProvider = raw.get(InitParam.JCACHE_PROVIDER);
            jcacheUri = raw.get(InitParam.JCACHE_URI);
            if (jcacheUri != null) {
                try {
                    new URI(jcacheUri);
                } catch (URISyntaxException e) {
                    problem(InitParam.JCACHE_URI, "is not a valid URI");
                }
            }
            String properties = raw.get(InitParam.JCACHE_PROPERTIES);
            if (properties != null) {
                for (String pair : properties.split(",")) {
                    String trimmed = pair.trim();
                    int eq = trimmed.indexOf('=');
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    if (eq <= 0) {
                        problem(InitParam.JCACHE_PROPERTIES, "entry '" + trimmed + "' is not name=value");
                    } else {
                        jcacheProperties.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
                    }
                }
            }
            jcachePrefix = raw.get(InitParam.JCACHE_PREFIX);
            sessionTimeout = seconds(InitParam.SESSION_TIMEOUT, 120, 30L * 86_400);
            sessionMaxAge = seconds(InitParam.SESSION_MAX_AGE, 300, 90L * 86_400);
            accessTokenDefaultLifetime = seconds(InitParam.ACCESS_TOKEN_DEFAULT_LIFETIME, 60, 86_400);
            boolean clustered = sessionStore != null && sessionStore != SessionStoreKind.HTTP_SESSION
                    || sharedState == SharedStateKind.JCACHE;
            if (clustered && !bearerMode && cookieKeys.isEmpty()) {
                problem(InitParam.COOKIE_KEYS, "is required with session-store=" + raw.get(InitParam.SESSION_STORE)
                        + (sharedState == SharedStateKind.JCACHE ? " and shared-state=jcache" : "")
                        + ": every node must seal and unseal sessions and login state with the same secret "
                        + "(generate one with: openssl rand -base64 32)");
            }
        }

        private void parseAlgorithms() {
            for (String alg : raw.get(InitParam.ID_TOKEN_ALGORITHMS).split(",")) {
                String trimmed = alg.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!ASYMMETRIC_ALGORITHMS.contains(trimmed)) {
                    problem(InitParam.ID_TOKEN_ALGORITHMS, "'" + trimmed + "' is not an accepted asymmetric algorithm "
                            + "(allowed: " + String.join(", ", new java.util.TreeSet<>(ASYMMETRIC_ALGORITHMS)) + ")");
                } else {
                    idTokenAlgorithms.add(trimmed);
                }
            }
            if (idTokenAlgorithms.isEmpty()) {
                problem(InitParam.ID_TOKEN_ALGORITHMS, "must name at least one algorithm");
            }
        }

        private URI uri(InitParam param, String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                    problem(param, "must be an absolute http(s) URL");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                problem(param, "is not a valid URL");
                return null;
            }
        }

        private void requireHttpsUnlessLoopback(InitParam param, URI uri) {
            if (uri.getScheme().equalsIgnoreCase("https")) {
                return;
            }
            String host = uri.getHost();
            if (!(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"))) {
                problem(param, "must use https (http is accepted only for localhost / 127.0.0.1)");
            }
        }

        private boolean bool(InitParam param) {
            String value = raw.get(param).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                problem(param, "must be true or false");
            }
            return value.equals("true");
        }

        private Long optionalLong(InitParam param, long min, long max) {
            String value = raw.get(param);
            if (value == null) {
                return null;
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed < min || parsed > max) {
                    problem(param, "must be between " + min + " and " + max);
                    return null;
                }
                return parsed;
            } catch (NumberFormatException e) {
                problem(param, "must be a whole number");
                return null;
            }
        }

        private Duration seconds(InitParam param, long min, long max) {
            Long value = optionalLong(param, min, max);
            return Duration.ofSeconds(value == null ? Long.parseLong(param.defaultValue()) : value);
        }

        private Duration millis(InitParam param, long min, long max) {
            Long value = optionalLong(param, min, max);
            return Duration.ofMillis(value == null ? Long.parseLong(param.defaultValue()) : value);
        }
    }
}
