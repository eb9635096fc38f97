package dev.oidchybrid.filter.internal.observe;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;

/**
 * A span of kind CLIENT per call to the provider, named {@code oidc <endpoint>}, child of the span current on the
 * calling thread (the incoming request's, when the server's instrumentation made it current). Its attributes:
 * {@code oidc.endpoint}, {@code http.request.method}, {@code http.response.status_code}, and {@code error.type}
 * (the filter's error code) with status ERROR on failure; never a token, code, URL or user. The tracer is that
 * of {@link GlobalOpenTelemetry} at each call (without setting it, so an application may install its SDK later).
 * Loaded only when the OpenTelemetry API is on the class path ({@link TelemetryFanOut}).
 */
final class OpenTelemetryTracing implements Telemetry {

    static final String INSTRUMENTATION = "dev.oidchybrid.filter";

    private OpenTelemetryTracing() {
    }

    /** @throws LinkageError when the API on the class path is older than the one this class is built against */
    static Telemetry create() {
        GlobalOpenTelemetry.getOrNoop(); // a method of recent APIs: an old one fails here, at start-up, not per call
        return new OpenTelemetryTracing();
    }

    @Override
    public ProviderCallObserver providerCall(ProviderEndpoint endpoint) {
        Span span = GlobalOpenTelemetry.getOrNoop().getTracer(INSTRUMENTATION)
                .spanBuilder("oidc " + endpoint.tag())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("oidc.endpoint", endpoint.tag())
                .setAttribute("http.request.method", endpoint.method())
                .startSpan();
        return (status, error, nanos) -> {
            if (status > 0) {
                span.setAttribute("http.response.status_code", status);
            }
            if (error != null) {
                span.setAttribute("error.type", error);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        };
    }
}
