package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spans of provider calls, recorded by the OpenTelemetry SDK's test exporter (installed as the global
 * OpenTelemetry): one CLIENT span per call with its endpoint and status and nothing secret, a child of the span
 * the incoming request made current.
 */
class ProviderCallSpansTest {

    private static final Set<String> ATTRIBUTES = Set.of("oidc.endpoint", "http.request.method",
            "http.response.status_code", "error.type");

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();
    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private AutoCloseable app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private List<SpanData> providerSpans() {
        return otel.getSpans().stream().filter(s -> s.getName().startsWith("oidc ")).toList();
    }

    private SpanData span(String name) {
        return providerSpans().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + otel.getSpans()));
    }

    private static String line(HttpResponse<String> page, String name) {
        return page.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElseThrow();
    }

    @Test
    void loginThenOneClientSpanPerProviderCallWithEndpointAndStatusAndNoTokens() throws Exception {
        FilterHarness harness = new FilterHarness(Map.of(), provider.environment());
        app = harness;
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(harness.url("/x")), "alice", "alice-password"));
        assertEquals(List.of("oidc discovery", "oidc jwks", "oidc token"),
                providerSpans().stream().map(SpanData::getName).sorted().toList());
        SpanData token = span("oidc token");
        assertEquals(SpanKind.CLIENT, token.getKind());
        assertEquals("token", token.getAttributes().get(AttributeKey.stringKey("oidc.endpoint")));
        assertEquals("POST", token.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        assertEquals(200L, token.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.UNSET, token.getStatus().getStatusCode());
        assertTrue(token.getEndEpochNanos() >= token.getStartEpochNanos());
        assertFalse(span("oidc discovery").getParentSpanContext().isValid(),
                "discovery at init runs in no request: a root span");

        String idToken = line(browser.navigate(harness.url("/x?idtoken")), "rawIdToken");
        String accessToken = line(browser.navigate(harness.url("/x?at")), "rawAccessToken");
        for (SpanData span : providerSpans()) {
            span.getAttributes().asMap().forEach((key, value) -> {
                assertTrue(ATTRIBUTES.contains(key.getKey()), span.getName() + " has attribute " + key);
                String text = String.valueOf(value);
                assertFalse(idToken.contains(text) || accessToken.contains(text) && text.length() > 8
                        || text.contains("alice"), span.getName() + " carries " + text);
            });
        }
    }

    @Test
    void callWhenTheProviderFailsThenTheSpanHasStatusErrorAndTheErrorCode() throws Exception {
        FilterHarness harness = new FilterHarness(Map.of(), provider.environment());
        app = harness;
        provider.faults().tokenEndpointError(500, "server_error");
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(harness.url("/x")), "alice", "alice-password"));
        SpanData token = span("oidc token");
        assertEquals(StatusCode.ERROR, token.getStatus().getStatusCode());
        assertEquals("op_bad_response", token.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(500L, token.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    }

    @Test
    void callDuringAnIncomingRequestsSpanThenItsChild() throws Exception {
        Tracer tracer = otel.getOpenTelemetry().getTracer("test-server");
        // what a server's instrumentation does: a SERVER span per request, current while the filters run
        Filter serverSpans = (request, response, chain) -> {
            Span server = tracer.spanBuilder("request").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope scope = server.makeCurrent()) {
                chain.doFilter(request, response);
            } finally {
                server.end();
            }
        };
        JettyApp jetty = new JettyApp(context -> {
            context.addFilter(new FilterHolder(serverSpans), "/*", EnumSet.of(DispatcherType.REQUEST));
            FilterHolder oidc = new FilterHolder(new OidcFilterCore(provider.environment()::get, Clock.systemUTC(),
                    new SecureRandom()));
            oidc.setName("oidc");
            context.addFilter(oidc, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new FilterHarness.EchoServlet()), "/*");
        });
        app = jetty;
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(jetty.base() + "/x"), "alice", "alice-password"));
        SpanData token = span("oidc token");
        SpanData parent = otel.getSpans().stream()
                .filter(s -> s.getSpanId().equals(token.getParentSpanId())).findFirst().orElse(null);
        assertNotNull(parent, "the token call's span has the callback request's span as its parent");
        assertEquals(SpanKind.SERVER, parent.getKind());
        assertEquals(parent.getTraceId(), token.getTraceId());
    }
}
