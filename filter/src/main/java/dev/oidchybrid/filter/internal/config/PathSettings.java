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
 * @param baseUrl               the external base URL without a trailing slash, or empty to derive it per request
 * @param trustForwardedHeaders whether X-Forwarded-Proto/Host/Port are honoured when no base URL is configured
 */
public record PathSettings(String redirectPath, String logoutPath, String backchannelLogoutPath,
                           String postLogoutPath, PathMatcher excludedPaths, Optional<String> baseUrl,
                           boolean trustForwardedHeaders) {

    static PathSettings parse(ParamReader reader) {
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
        return new PathSettings(redirect, logout, backchannel, postLogout, parseExcludedPaths(reader), baseUrl,
                trustForwarded);
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
    private static PathMatcher parseExcludedPaths(ParamReader reader) {
        List<String> patterns = new ArrayList<>();
        for (String pattern : reader.commaList(InitParam.EXCLUDE_PATHS)) {
            if (!pattern.startsWith("/") || pattern.indexOf('*') >= 0 && !pattern.endsWith("/*")
                    || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
                reader.problem(InitParam.EXCLUDE_PATHS, "entry '" + pattern + "' must be an exact path or end in '/*'");
            } else {
                patterns.add(pattern);
            }
        }
        return new PathMatcher(patterns);
    }
}
