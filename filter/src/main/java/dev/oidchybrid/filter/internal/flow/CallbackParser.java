package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the shape of a callback request before anything else looks at it, with no I/O: it must be a
 * form_post ({@code POST} with {@code application/x-www-form-urlencoded}), each response parameter may occur
 * once, values are bounded in size, and {@code state} has the form this filter issues. Anything else is
 * {@code invalid_request} (a 400 page).
 */
public final class CallbackParser {

    private static final String SPEC = "OAuth 2.0 Form Post Response Mode §2; RFC 6749 §3.1";
    static final int MAX_TOKEN_CHARS = 32 * 1024;
    static final int MAX_OTHER_CHARS = 2048;
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_\\-]{20,128}");

    private CallbackParser() {
    }

    public static CallbackParams parse(String method, String contentType, Map<String, String[]> params) {
        return parse(method, contentType, null, params);
    }

    /**
     * @param queryString the callback's query string, which must be absent: a form_post response comes in the
     *                    body only, and containers merge query parameters into the body's
     */
    public static CallbackParams parse(String method, String contentType, String queryString,
                                       Map<String, String[]> params) {
        if (queryString != null && !queryString.isEmpty()) {
            throw invalid("callback POST carries a query string: a form_post response comes in the body only");
        }
        if (!"POST".equals(method)) {
            throw invalid("callback arrived as " + safeMethod(method) + ", not POST: the provider must use "
                    + "response_mode=form_post");
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw invalid("callback content type is not application/x-www-form-urlencoded");
        }
        String state = single(params, "state", MAX_OTHER_CHARS);
        if (state == null) {
            throw new OidcException(ErrorCode.INVALID_STATE, "callback has no state parameter", "RFC 6749 §4.1.2");
        }
        if (!STATE.matcher(state).matches()) {
            throw new OidcException(ErrorCode.INVALID_STATE, "callback state does not have the form this filter issues",
                    "RFC 6749 §10.12");
        }
        return new CallbackParams(state,
                single(params, "code", MAX_OTHER_CHARS),
                single(params, "id_token", MAX_TOKEN_CHARS),
                single(params, "access_token", MAX_TOKEN_CHARS),
                single(params, "token_type", MAX_OTHER_CHARS),
                single(params, "iss", MAX_OTHER_CHARS),
                single(params, "error", MAX_OTHER_CHARS),
                single(params, "error_description", MAX_OTHER_CHARS));
    }

    private static String single(Map<String, String[]> params, String name, int maxChars) {
        String[] values = params.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw invalid("callback parameter '" + name + "' occurs " + values.length + " times");
        }
        String value = values[0];
        if (value.length() > maxChars) {
            throw invalid("callback parameter '" + name + "' is longer than " + maxChars + " characters");
        }
        return value.isEmpty() ? null : value;
    }

    private static String safeMethod(String method) {
        return method != null && method.matches("[A-Z]{1,10}") ? method : "an unknown method";
    }

    private static OidcException invalid(String description) {
        return new OidcException(ErrorCode.INVALID_REQUEST, description, SPEC);
    }
}
