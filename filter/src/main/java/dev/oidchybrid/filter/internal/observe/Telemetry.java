package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.ErrorCode;

/**
 * What a filter instance tells its operators: one method per kind of event, called where the event happens, with
 * nothing that identifies a user (no subject, no address, no path). Every method does nothing by default;
 * {@link #NONE} is the instance that does nothing at all. The implementations ({@link JmxMetrics},
 * {@code MicrometerMetrics}, {@code OpenTelemetryTracing}) are combined by {@link TelemetryFanOut}.
 */
public interface Telemetry {

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
    };

    /** The browser was sent to the provider to sign in. */
    default void loginStarted(LoginKind kind) {
    }

    /** A callback made a session. */
    default void loginCompleted() {
    }

    /** A callback of a login this browser started failed while it was completed (the code is the page's). */
    default void loginFailed(ErrorCode code) {
    }

    /** A callback was refused before its login could be completed (throttled, malformed, no pending login). */
    default void callbackRefused(ErrorCode reason) {
    }

    /** A refresh grant was sent for a session; how it ended. */
    default void refreshed(RefreshOutcome outcome) {
    }

    /** A request waited for another request's refresh of its session (single-flight); what it found. */
    default void refreshWaited(WaitOutcome outcome) {
    }

    /** A back-channel logout token was accepted. */
    default void backChannelLogoutAccepted() {
    }

    /** A back-channel logout request was refused. */
    default void backChannelLogoutRefused(ErrorCode reason) {
    }

    /** The provider's key set was fetched. */
    default void jwksFetched(JwksCause cause) {
    }

    /** A bearer-mode request passed with a valid access token. */
    default void bearerAccepted() {
    }

    /**
     * A bearer-mode request was refused.
     *
     * @param reason the answer's error ({@code invalid_token}, {@code insufficient_scope}, ...) or
     *               {@code missing_token}, or the error code of a provider failure
     */
    default void bearerRefused(String reason) {
    }

    /** Sessions were revoked (they end at their next request). */
    default void sessionsRevoked(RevocationSource source) {
    }

    /** A user's logout ended a session, sending the browser to the provider's end_session_endpoint or not. */
    default void loggedOut(boolean toEndSession) {
    }

    /** A call to the provider begins; the returned observer is told how it ended. */
    default ProviderCallObserver providerCall(ProviderEndpoint endpoint) {
        return ProviderCallObserver.NONE;
    }

    /** How a call to the provider ended. */
    interface ProviderCallObserver {

        ProviderCallObserver NONE = (status, error, nanos) -> { };

        /**
         * @param status the HTTP status, or 0 when no response came
         * @param error  the error code of the failure ({@link ErrorCode#value()}), or null when the call succeeded
         * @param nanos  how long the call took
         */
        void end(int status, String error, long nanos);
    }

    /** Which login began. */
    enum LoginKind {
        /** From a protected page. */
        NEW,
        /** A step-up login (RFC 9470) for a stronger or more recent authentication. */
        STEP_UP,
        /** A login that went stale, started again from its callback. */
        RESTART
    }

    /** How a refresh grant ended. */
    enum RefreshOutcome {
        /** New tokens. */
        OK,
        /** The provider answered {@code invalid_grant}: the session ended. */
        INVALID_GRANT,
        /** The provider answered another error: the session ended. */
        REFUSED,
        /** The new ID token was not acceptable: the session ended. */
        INVALID_ID_TOKEN,
        /** The provider could not be reached or did not answer in time: the old token is used while valid. */
        PROVIDER_DOWN,
        /** The provider's answer was unusable: the old token is used while valid. */
        FAILED,
        /** Not sent: a refresh failed for the provider's sake moments ago (the hold-off); the old token is used. */
        HELD_OFF
    }

    /** What a request that waited for another's refresh found. */
    enum WaitOutcome {
        /** The other refresh's result, published under the refresh token this request held. */
        HANDED_OVER,
        /** The session store already held the refreshed session. */
        REREAD,
        /** The other refresh was refused: the session is over. */
        SESSION_ENDED,
        /** The other refresh held the lock for all of the wait. */
        TIMED_OUT
    }

    /** Why the key set was fetched. */
    enum JwksCause {
        /** The first token to check. */
        INITIAL,
        /** The cached set outlived its lifetime (Cache-Control, at most an hour). */
        EXPIRED,
        /** A token named a key the cached set lacks (key rotation). */
        UNKNOWN_KID
    }

    /** Who revoked sessions. */
    enum RevocationSource {
        /** The provider, by a back-channel logout token. */
        BACKCHANNEL,
        /** The application, through {@code OidcSessions}. */
        APPLICATION,
        /** A refused refresh, which ends the session on every request and node. */
        REFRESH_REFUSED
    }
}
