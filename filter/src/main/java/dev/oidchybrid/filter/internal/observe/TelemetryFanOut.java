package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A filter instance's {@link Telemetry}: every event goes to each part. Always the {@link JmxMetrics} MBean; the
 * Micrometer meters when {@code io.micrometer.core.instrument.MeterRegistry} can be loaded, the spans when
 * {@code io.opentelemetry.api.GlobalOpenTelemetry} can: the classes naming those libraries are only touched after
 * that check, so the filter runs without them. A part that throws (or finds its library too old) is logged once
 * and never fails a request.
 */
public final class TelemetryFanOut implements Telemetry, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";
    static final String OPENTELEMETRY = "io.opentelemetry.api.GlobalOpenTelemetry";

    private final List<Telemetry> parts;
    private final Runnable release;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    TelemetryFanOut(List<Telemetry> parts, Runnable release) {
        this.parts = List.copyOf(parts);
        this.release = release;
    }

    /** The telemetry of the filter {@code filterName} of the application at {@code contextPath}. */
    public static TelemetryFanOut forInstance(String filterName, String contextPath) {
        JmxMetrics jmx = JmxMetrics.register(filterName, contextPath);
        List<Telemetry> parts = new ArrayList<>(List.of(jmx));
        List<String> described = new ArrayList<>(List.of(jmx.objectName() == null ? "JMX (not registered)"
                : "JMX " + jmx.objectName()));
        if (loadable(MICROMETER)) {
            try {
                parts.add(MicrometerMetrics.global(filterName));
                described.add("Micrometer (global registry)");
            } catch (LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "OIDC filter ''{0}'': Micrometer is on the class path but "
                        + "unusable ({1}): no Micrometer meters (tested with Micrometer 1.16.8)", filterName,
                        e.toString());
            }
        }
        if (loadable(OPENTELEMETRY)) {
            try {
                parts.add(OpenTelemetryTracing.create());
                described.add("OpenTelemetry spans of provider calls");
            } catch (LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "OIDC filter ''{0}'': the OpenTelemetry API is on the class "
                        + "path but unusable ({1}): no spans (tested with opentelemetry-api 1.68.0)", filterName,
                        e.toString());
            }
        }
        LOG.log(System.Logger.Level.INFO, "OIDC filter ''{0}'' metrics and traces: {1}", filterName,
                String.join(", ", described));
        return new TelemetryFanOut(parts, jmx::close);
    }

    /** Whether the class is there, without initialising it (nor anything of this filter that names it). */
    static boolean loadable(String className) {
        try {
            Class.forName(className, false, TelemetryFanOut.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** How many parts the events go to (the MBean, and Micrometer and OpenTelemetry when present). */
    int size() {
        return parts.size();
    }

    private void each(Consumer<Telemetry> event) {
        for (Telemetry part : parts) {
            try {
                event.accept(part);
            } catch (RuntimeException | LinkageError e) {
                if (failureLogged.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "OIDC telemetry {0} failed (logged once; requests are "
                            + "unaffected): {1}", part.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    @Override
    public void loginStarted(LoginKind kind) {
        each(t -> t.loginStarted(kind));
    }

    @Override
    public void loginCompleted() {
        each(Telemetry::loginCompleted);
    }

    @Override
    public void loginFailed(ErrorCode code) {
        each(t -> t.loginFailed(code));
    }

    @Override
    public void callbackRefused(ErrorCode reason) {
        each(t -> t.callbackRefused(reason));
    }

    @Override
    public void refreshed(RefreshOutcome outcome) {
        each(t -> t.refreshed(outcome));
    }

    @Override
    public void refreshWaited(WaitOutcome outcome) {
        each(t -> t.refreshWaited(outcome));
    }

    @Override
    public void backChannelLogoutAccepted() {
        each(Telemetry::backChannelLogoutAccepted);
    }

    @Override
    public void backChannelLogoutRefused(ErrorCode reason) {
        each(t -> t.backChannelLogoutRefused(reason));
    }

    @Override
    public void jwksFetched(JwksCause cause) {
        each(t -> t.jwksFetched(cause));
    }

    @Override
    public void bearerAccepted() {
        each(Telemetry::bearerAccepted);
    }

    @Override
    public void bearerRefused(String reason) {
        each(t -> t.bearerRefused(reason));
    }

    @Override
    public void sessionsRevoked(RevocationSource source) {
        each(t -> t.sessionsRevoked(source));
    }

    @Override
    public void loggedOut(boolean toEndSession) {
        each(t -> t.loggedOut(toEndSession));
    }

    @Override
    public ProviderCallObserver providerCall(ProviderEndpoint endpoint) {
        List<ProviderCallObserver> observers = new ArrayList<>(parts.size());
        each(t -> observers.add(t.providerCall(endpoint)));
        return (status, error, nanos) -> {
            for (ProviderCallObserver observer : observers) {
                try {
                    observer.end(status, error, nanos);
                } catch (RuntimeException | LinkageError e) {
                    if (failureLogged.compareAndSet(false, true)) {
                        LOG.log(System.Logger.Level.WARNING, "OIDC telemetry failed (logged once; requests "
                                + "are unaffected): {0}", e.toString());
                    }
                }
            }
        };
    }

    /** Unregisters the MBean. */
    @Override
    public void close() {
        release.run();
    }
}
