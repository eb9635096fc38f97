package dev.oidchybrid.filter.testing;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.observe.ProviderEndpoint;
import dev.oidchybrid.filter.internal.observe.Telemetry;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Telemetry} that writes down each event as {@code kind:value}, e.g. {@code refreshed:invalid_grant}. */
public final class RecordingTelemetry implements Telemetry {

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** The events so far, in order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    private void add(String kind, Object value) {
        events.add(kind + ":" + (value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT)
                : value instanceof ErrorCode code ? code.value() : value));
    }

    @Override
    public void loginStarted(LoginKind kind) {
        add("loginStarted", kind);
    }

    @Override
    public void loginCompleted() {
        add("loginCompleted", "");
    }

    @Override
    public void loginFailed(ErrorCode code) {
        add("loginFailed", code.value());
    }

    @Override
    public void callbackRefused(ErrorCode reason) {
        add("callbackRefused", reason.value());
    }

    @Override
    public void refreshed(RefreshOutcome outcome) {
        add("refreshed", outcome);
    }

    @Override
    public void refreshWaited(WaitOutcome outcome) {
        add("refreshWaited", outcome);
    }

    @Override
    public void backChannelLogoutAccepted() {
        add("backChannelLogoutAccepted", "");
    }

    @Override
    public void backChannelLogoutRefused(ErrorCode reason) {
        add("backChannelLogoutRefused", reason.value());
    }

    @Override
    public void jwksFetched(JwksCause cause) {
        add("jwksFetched", cause);
    }

    @Override
    public void bearerAccepted() {
        add("bearerAccepted", "");
    }

    @Override
    public void bearerRefused(String reason) {
        add("bearerRefused", reason);
    }

    @Override
    public void sessionsRevoked(RevocationSource source) {
        add("sessionsRevoked", source);
    }

    @Override
    public void loggedOut(boolean toEndSession) {
        add("loggedOut", toEndSession);
    }

    @Override
    public ProviderCallObserver providerCall(ProviderEndpoint endpoint) {
        return (status, error, nanos) -> add("providerCall", endpoint.tag() + " " + status + " " + error);
    }
}
