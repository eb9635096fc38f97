package dev.oidchybrid.filter.internal.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the filter lives in the application: the paths it answers itself, the paths it leaves alone and how
 * it learns the application's external base URL.
 *
 * @param redirectPath          the form_post callback; the redirect URI is the base URL plus this path
 * @param logoutPath            ends the session (RP-Initiated Logout 1.0) and takes the provider's answer
 * @param backchannelLogoutPath receives logout tokens (Back-Channel Logout 1.0 §2.5)
 * @param postLogoutPath        where the browser goes after logout
 * @param excludedPaths         paths that pass through without login
 * @param optionalPaths         paths that pass through signed in with a session, else anonymous
 * @param baseUrl               the external base URL without a trailing slash, or empty to derive it per request
 * @param trustForwardedHeaders whether X-Forwarded-Proto/Host/Port are honoured when no base URL is configured
 * @param healthPath            the health endpoint, or empty when there is none (the default)
 */
public record PathSettings(String redirectPath, String logoutPath, String backchannelLogoutPath,
                           String postLogoutPath, PathMatcher excludedPaths, PathMatcher optionalPaths,
                           Optional<String> baseUrl, boolean trustForwardedHeaders, Optional<String> healthPath) {

    /** @param bearerMode whether the filter protects an API: a token is never optional there */
    static PathSettings parse(ParamReader reader, boolean bearerMode) {
        String redirect = reader.path(InitParam.REDIRECT_PATH);
        String logout = reader.path(InitParam.LOGOUT_PATH);
        String backchannel = reader.path(InitParam.BACKCHANNEL_LOGOUT_PATH);
        String postLogout = reader.path(InitParam.POST_LOGOUT_PATH);
        if (redirect != null && (redirect.equals(logout) || redirect.equals(backchannel))
                || logout != null && logout.equals(backchannel)) {
            reader.problem(InitParam.REDIRECT_PATH.paramName() + ", " + InitParam.LOGOUT_PATH.paramName() + " and "
                    + InitParam.BACKCHANNEL_LOGOUT_PATH.paramName() + " must differ");
        }
        Optional<String> baseUrl = parseBaseUrl(reader);
        boolean trustForwarded = reader.bool(InitParam.TRUST_FORWARDED_HEADERS);
        PathMatcher optional = parsePaths(reader, InitParam.OPTIONAL_PATHS);
        if (bearerMode && !optional.patterns().isEmpty()) {
            reader.problem(InitParam.OPTIONAL_PATHS, "is for session mode: in bearer mode every request needs a "
                    + "valid token (use " + InitParam.EXCLUDE_PATHS.paramName() + " for paths without one)");
        }
        return new PathSettings(redirect, logout, backchannel, postLogout,
                parsePaths(reader, InitParam.EXCLUDE_PATHS), optional, baseUrl, trustForwarded,
                parseHealthPath(reader, bearerMode));
    }

    /** {@code health-path}: a plain path that is none of the filter's other endpoints (in session mode). */
    private static Optional<String> parseHealthPath(ParamReader reader, boolean bearerMode) {
        if (reader.value(InitParam.HEALTH_PATH) == null) {
            return Optional.empty();
        }
        String path = reader.path(InitParam.HEALTH_PATH);
        if (path == null) {
            return Optional.empty();
        }
        List<InitParam> others = bearerMode ? List.of() : List.of(InitParam.REDIRECT_PATH, InitParam.LOGOUT_PATH,
                InitParam.BACKCHANNEL_LOGOUT_PATH, InitParam.CLIENT_JWKS_PATH);
        for (InitParam other : others) {
            if (path.equals(reader.value(other))) {
                reader.problem(InitParam.HEALTH_PATH, "must differ from " + other.paramName());
            }
        }
        return Optional.of(path);
    }

    private static Optional<String> parseBaseUrl(ParamReader reader) {
        Optional<URI> url = reader.url(InitParam.BASE_URL);
        url.ifPresent(uri -> {
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                reader.problem(InitParam.BASE_URL, "must not have user info, a query or a fragment");
            }
        });
        String value = reader.value(InitParam.BASE_URL);
        return url.map(uri -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    /** Exact paths and {@code /prefix/*}; any other wildcard is refused rather than guessed at. */
    private static PathMatcher parsePaths(ParamReader reader, InitParam param) {
        List<String> patterns = new ArrayList<>();
        for (String pattern : reader.commaList(param)) {
            if (!pattern.startsWith("/") || pattern.indexOf('*') >= 0 && !pattern.endsWith("/*")
                    || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
                reader.problem(param, "entry '" + pattern + "' must be an exact path or end in '/*'");
            } else {
                patterns.add(pattern);
            }
        }
        return new PathMatcher(patterns);
    }
}
