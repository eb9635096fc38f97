package dev.oidchybrid.filter.internal;

/**
 * What went wrong, as the user's browser is told: each code maps to an HTTP status and a short text that
 * reveals no internals. The operator gets the details in the log line of the {@link OidcException}.
 */
public enum ErrorCode {
    /** The callback request itself is malformed (missing, duplicated or oversized parameters, wrong method). */
    INVALID_REQUEST("invalid_request", 400, "The sign-in response was malformed."),
    /** The request path cannot be resolved unambiguously (the container refused to say which path it is). */
    INVALID_PATH("invalid_path", 400, "The address of this page could not be read."),
    /** The state is missing, unknown, expired, reused or belongs to another browser. */
    INVALID_STATE("invalid_state", 400, "The sign-in attempt is unknown, expired or was already used."),
    /** A bearer access token failed validation (bearer mode answers 401 {@code invalid_token}). */
    INVALID_ACCESS_TOKEN("invalid_access_token", 401, "The access token could not be verified."),
    /** An ID token failed validation. */
    INVALID_ID_TOKEN("invalid_id_token", 401, "The identity provider's answer could not be verified."),
    /** The authorization response violates the protocol (wrong issuer, missing parts for the response type). */
    INVALID_RESPONSE("invalid_response", 400, "The identity provider's answer could not be verified."),
    /** The provider answered with an error (access_denied, login_required, invalid_grant, ...). */
    OP_ERROR("op_error", 400, "The identity provider refused the sign-in."),
    /** The provider answered something unusable (token endpoint 5xx, unparsable JSON). */
    OP_BAD_RESPONSE("op_bad_response", 502, "The identity provider gave an unusable answer."),
    /** The provider refused the pushed authorization request (RFC 9126 §2.3): its error code is shown. */
    PAR_REFUSED("par_refused", 502, "The identity provider refused the sign-in request."),
    /** Pushed authorization requests are required (par=true, or by the provider) but it offers no endpoint for them. */
    PAR_UNSUPPORTED("par_unsupported", 502, "The identity provider does not offer the sign-in method this application requires."),
    /**
     * Request objects are configured ({@code request-object=signed}) but the provider refuses them or lists no
     * algorithm for the client's key (RFC 9101 §10.5): no unsigned request is sent instead.
     */
    REQUEST_OBJECT_UNSUPPORTED("request_object_unsupported", 502, "The identity provider does not offer the sign-in method this application requires."),
    /** The provider did not answer in time. */
    OP_TIMEOUT("op_timeout", 504, "The identity provider did not answer in time."),
    /** The provider cannot be reached (discovery failed); retried with backoff. */
    OP_UNAVAILABLE("op_unavailable", 503, "Sign-in is unavailable right now. Please try again shortly."),
    /** Too many failed callbacks from one address in a short time: refused before they cost a token request. */
    TOO_MANY_ATTEMPTS("too_many_attempts", 429, "Too many sign-in attempts from your network. Please wait a minute and try again."),
    /** Too many failed sign-ins in a short time from this browser: stop redirecting. */
    LOGIN_LOOP("login_loop", 400, "Signing in failed several times in a row."),
    /** A signed-in user fails the path's {@code access-rules} condition (a role, claim or scope). */
    FORBIDDEN("forbidden", 403, "You are signed in, but you may not open this page."),
    /**
     * A step-up login (RFC 9470) came back without the {@code acr} or a recent enough {@code auth_time} it asked
     * for, or a step-up is asked for again too soon: no new session, no further redirect.
     */
    INSUFFICIENT_USER_AUTHENTICATION("insufficient_user_authentication", 403,
            "This page needs a stronger or more recent sign-in, which did not happen."),
    /** The filter is misconfigured. */
    INVALID_CONFIGURATION("invalid_configuration", 500, "Sign-in is not configured correctly.");

    private final String value;
    private final int httpStatus;
    private final String userMessage;

    ErrorCode(String value, int httpStatus, String userMessage) {
        this.value = value;
        this.httpStatus = httpStatus;
        this.userMessage = userMessage;
    }

    public String value() {
        return value;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String userMessage() {
        return userMessage;
    }
}
