package dev.oidchybrid.filter.internal.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bearer tokens, both ways: whether the filter protects an API with JWT access tokens (RFC 9068, RFC 6750)
 * and which scopes and token types it accepts then, and where a logged-in user's access token may be sent.
 *
 * @param enabled               whether the filter is in bearer mode (else it logs users in with a session)
 * @param requiredScopes        in bearer mode: the scope rules, first match wins
 * @param defaultRequiredScopes the scopes of the {@code *} entry: needed on every path no other rule matches
 * @param plainJwtAccessTokens  whether access tokens with {@code typ} {@code JWT} or none are accepted (when
 *                              they carry no ID-token marker) besides {@code at+jwt}; false for strict RFC 9068
 * @param apiOrigins            origins ({@code scheme://host[:port]}, lower case) API clients may send the
 *                              user's access token to
 * @param dpopNonce             in bearer mode: whether DPoP proofs must carry a nonce the API issued (RFC 9449 §9)
 */
public record BearerSettings(boolean enabled, List<OidcConfig.ScopeRule> requiredScopes,
                             List<String> defaultRequiredScopes, boolean plainJwtAccessTokens,
                             List<String> apiOrigins, boolean dpopNonce) {

    public BearerSettings {
        requiredScopes = List.copyOf(requiredScopes);
        defaultRequiredScopes = List.copyOf(defaultRequiredScopes);
        apiOrigins = List.copyOf(apiOrigins);
    }

    static BearerSettings parse(ParamReader reader) {
        String mode = reader.value(InitParam.MODE);
        boolean enabled = "bearer".equals(mode);
        if (!enabled && !"session".equals(mode)) {
            reader.problem(InitParam.MODE, "must be session or bearer");
        }
        if (enabled && reader.value(InitParam.AUDIENCE) == null) {
            reader.problem(InitParam.AUDIENCE, "is required in bearer mode (the aud the access tokens must carry)");
        }
        List<OidcConfig.ScopeRule> rules = new ArrayList<>();
        List<String> defaultScopes = parseScopeRules(reader, rules);
        boolean plainJwt = parseAccessTokenTypes(reader);
        return new BearerSettings(enabled, rules, defaultScopes, plainJwt, parseApiOrigins(reader),
                reader.bool(InitParam.DPOP_NONCE));
    }

    /** Adds the path rules to {@code rules}; returns the scopes of the {@code *} entry, or none. */
    private static List<String> parseScopeRules(ParamReader reader, List<OidcConfig.ScopeRule> rules) {
        List<String> defaultScopes = null;
        for (String entry : reader.entries(InitParam.REQUIRED_SCOPES, ";")) {
            int eq = entry.indexOf('=');
            String pattern = eq < 0 ? "" : entry.substring(0, eq).trim();
            List<String> scopes = eq < 0 ? List.of()
                    : Arrays.stream(entry.substring(eq + 1).trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
            boolean patternOk = pattern.equals("*") || pattern.startsWith("/") && (pattern.indexOf('*') < 0
                    || pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1);
            if (!patternOk || scopes.isEmpty()) {
                reader.problem(InitParam.REQUIRED_SCOPES, "entry '" + entry
                        + "' must be <path or /prefix/* or *>=<scope> [scope...]");
            } else if (pattern.equals("*")) {
                if (defaultScopes != null) {
                    reader.problem(InitParam.REQUIRED_SCOPES, "has more than one default entry '*=...'");
                }
                defaultScopes = scopes;
            } else {
                rules.add(new OidcConfig.ScopeRule(new PathMatcher(List.of(pattern)), scopes));
            }
        }
        return defaultScopes == null ? List.of() : defaultScopes;
    }

    /**
     * {@code at+jwt} alone (strict RFC 9068), or with {@code jwt}: plain JWTs without ID-token markers too. Every
     * entry counts, an empty one too (it is refused), unlike the lists of other parameters.
     */
    private static boolean parseAccessTokenTypes(ParamReader reader) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : reader.value(InitParam.ACCESS_TOKEN_TYPES).split(",")) {
            types.add(type.trim().toLowerCase(Locale.ROOT));
        }
        if (!types.contains("at+jwt") || !Set.of("at+jwt", "jwt").containsAll(types)) {
            reader.problem(InitParam.ACCESS_TOKEN_TYPES, "must be 'at+jwt' or 'at+jwt, jwt'");
        }
        return types.contains("jwt");
    }

    private static List<String> parseApiOrigins(ParamReader reader) {
        List<String> origins = new ArrayList<>();
        for (String entry : reader.commaList(InitParam.API_ORIGINS)) {
            URI uri;
            try {
                uri = URI.create(entry);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            String origin = uri == null ? null : Origins.of(uri);
            boolean bare = uri != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    || uri.getRawPath().equals("/")) && uri.getRawQuery() == null && uri.getRawFragment() == null;
            if (origin == null || !bare) {
                reader.problem(InitParam.API_ORIGINS, "entry '" + entry + "' must be an origin: http(s)://host[:port], "
                        + "with no path, query or user");
            } else {
                origins.add(origin);
            }
        }
        return origins;
    }
}
