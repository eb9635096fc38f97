package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.ErrorCode;

import java.util.Locale;

/**
 * The filter's meters, named and tagged once for every registry (Micrometer's conventions: dot-separated lower
 * case names, tags of a few known values, a timer for latency). A tag without a value says {@code none}. No tag
 * names a user, an address or a path. README.md ("Metrics") lists them.
 */
abstract class MeterTelemetry implements Telemetry {

    static final String LOGINS_STARTED = "oidc.logins.started";
    static final String LOGINS = "oidc.logins";
    static final String CALLBACKS_REFUSED = "oidc.callbacks.refused";
    static final String REFRESHES = "oidc.refreshes";
    static final String REFRESH_WAITS = "oidc.refresh.waits";
    static final String BACKCHANNEL_LOGOUTS = "oidc.backchannel.logouts";
    static final String JWKS_FETCHES = "oidc.jwks.fetches";
    static final String BEARER_REQUESTS = "oidc.bearer.requests";
    static final String SESSIONS_REVOKED = "oidc.sessions.revoked";
    static final String LOGOUTS = "oidc.logouts";
    static final String PROVIDER_CALLS = "oidc.provider.calls";
    static final String NONE = "none";

    /** An enum constant as a tag value: {@code STEP_UP} is {@code step_up}. */
    static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Adds one to the counter {@code name} with the tags {@code keysAndValues} (key, value, key, value, ...). */
    abstract void count(String name, String... keysAndValues);

    /** Records a duration in the timer {@code name} with the tags {@code keysAndValues}. */
    abstract void time(String name, long nanos, String... keysAndValues);

    @Override
    public void loginStarted(LoginKind kind) {
        count(LOGINS_STARTED, "kind", tag(kind));
    }

    @Override
    public void loginCompleted() {
        count(LOGINS, "outcome", "completed", "error", NONE);
    }

    @Override
    public void loginFailed(ErrorCode code) {
        count(LOGINS, "outcome", "failed", "error", code.value());
    }

    @Override
    public void callbackRefused(ErrorCode reason) {
        count(CALLBACKS_REFUSED, "reason", reason.value());
    }

    @Override
    public void refreshed(RefreshOutcome outcome) {
        count(REFRESHES, "outcome", tag(outcome));
    }

    @Override
    public void refreshWaited(WaitOutcome outcome) {
        count(REFRESH_WAITS, "outcome", tag(outcome));
    }

    @Override
    public void backChannelLogoutAccepted() {
        count(BACKCHANNEL_LOGOUTS, "outcome", "accepted", "reason", NONE);
    }

    @Override
    public void backChannelLogoutRefused(ErrorCode reason) {
        count(BACKCHANNEL_LOGOUTS, "outcome", "refused", "reason", reason.value());
    }

    @Override
    public void jwksFetched(JwksCause cause) {
        count(JWKS_FETCHES, "cause", tag(cause));
    }

    @Override
    public void bearerAccepted() {
        count(BEARER_REQUESTS, "outcome", "accepted", "reason", NONE);
    }

    @Override
    public void bearerRefused(String reason) {
        count(BEARER_REQUESTS, "outcome", "refused", "reason", reason);
    }

    @Override
    public void sessionsRevoked(RevocationSource source) {
        count(SESSIONS_REVOKED, "source", tag(source));
    }

    @Override
    public void loggedOut(boolean toEndSession) {
        count(LOGOUTS, "end_session", Boolean.toString(toEndSession));
    }

    @Override
    public ProviderCallObserver providerCall(ProviderEndpoint endpoint) {
        return (status, error, nanos) -> time(PROVIDER_CALLS, nanos, "endpoint", tag(endpoint),
                "status", status == 0 ? NONE : Integer.toString(status), "error", error == null ? NONE : error);
    }
}
