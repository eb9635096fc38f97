package dev.oidchybrid.filter.internal;

import java.util.Objects;

/**
 * The one failure type of the filter: a {@link ErrorCode} that decides the HTTP answer, a description for
 * the operator's log line (never containing a token, code, secret or cookie value) and the section of the
 * specification the failed rule comes from.
 */
public final class OidcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The {@code Retry-After} of an {@code op_unavailable} failure that names none (the provider refused the
     * connection or answered 503): the filter keeps no failure state for the token endpoint and tries it again on the
     * next request, and holds a failed JWKS fetch back for as long as this ({@code JwksKeyResolver}), so a person
     * who waits this long meets the provider as it is then.
     */
    public static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

    private final ErrorCode code;
    private final String specReference;
    private final long retryAfterSeconds;
    private final String providerError;

    /** An {@code op_unavailable} failure built here carries {@link #DEFAULT_RETRY_AFTER_SECONDS}. */
    public OidcException(ErrorCode code, String description, String specReference) {
        this(code, description, specReference, defaultRetryAfter(code), null, null);
    }

    public OidcException(ErrorCode code, String description, String specReference, Throwable cause) {
        this(code, description, specReference, defaultRetryAfter(code), null, cause);
    }

    private OidcException(ErrorCode code, String description, String specReference, long retryAfterSeconds,
                          String providerError, Throwable cause) {
        super(Objects.requireNonNull(description, "description"), cause, false, true);
        this.code = Objects.requireNonNull(code, "code");
        this.specReference = specReference == null ? "" : specReference;
        this.retryAfterSeconds = retryAfterSeconds;
        this.providerError = providerError;
    }

    /** Every 503 answer says when to come back (RFC 9110 §10.2.3): a provider that is down is never an error without one. */
    private static long defaultRetryAfter(ErrorCode code) {
        return code == ErrorCode.OP_UNAVAILABLE ? DEFAULT_RETRY_AFTER_SECONDS : 0;
    }

    /** A provider-unavailable failure telling the client when to come back. */
    public static OidcException unavailable(String description, long retryAfterSeconds, Throwable cause) {
        return new OidcException(ErrorCode.OP_UNAVAILABLE, description, "", Math.max(1, retryAfterSeconds), null,
                cause);
    }

    /** A failure the client may retry after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public static OidcException withRetryAfter(ErrorCode code, String description, long retryAfterSeconds) {
        return new OidcException(code, description, "", Math.max(1, retryAfterSeconds), null, null);
    }

    /**
     * The provider answered with an OAuth error code ({@code access_denied}, {@code invalid_grant}, ...).
     *
     * @param errorCode the provider's code, already restricted to {@code [A-Za-z0-9_.-]}: it is shown to the user
     */
    public static OidcException providerError(String errorCode, String description, String specReference) {
        return providerError(ErrorCode.OP_ERROR, errorCode, description, specReference);
    }

    /** As {@link #providerError(String, String, String)}, with another code (e.g. {@code par_refused}). */
    public static OidcException providerError(ErrorCode code, String errorCode, String description,
                                              String specReference) {
        return new OidcException(code, description, specReference, 0, errorCode, null);
    }

    /** The provider's error code (for {@code op_error}, {@code par_refused}), safe to show; otherwise empty. */
    public java.util.Optional<String> providerError() {
        return java.util.Optional.ofNullable(providerError);
    }

    public ErrorCode code() {
        return code;
    }

    /** The description for the operator's log; safe to log (it never holds secrets). */
    public String description() {
        return getMessage();
    }

    public String specReference() {
        return specReference;
    }

    /** Seconds for a {@code Retry-After} header, or 0 when none applies. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** One log line: code, description and spec section. */
    public String logLine() {
        return code.value() + ": " + getMessage() + (specReference.isEmpty() ? "" : " [" + specReference + "]");
    }
}
