package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JmxMetrics}: one MBean per filter instance in the platform server, its meters readable as attributes. */
class JmxMetricsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private final List<JmxMetrics> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(JmxMetrics::close);
    }

    private JmxMetrics register(String filterName, String contextPath) {
        JmxMetrics metrics = JmxMetrics.register(filterName, contextPath);
        opened.add(metrics);
        return metrics;
    }

    /** The attribute as a JMX client without our classes sees it: open data. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> attribute(ObjectName name, String attribute) throws Exception {
        TabularData table = (TabularData) SERVER.getAttribute(name, attribute);
        Map<String, Object> map = new HashMap<>();
        for (CompositeData row : (java.util.Collection<CompositeData>) table.values()) {
            map.put((String) row.get("key"), row.get("value"));
        }
        return map;
    }

    @Test
    void registerThenNamedByContextAndFilterAndCountersReadableAsOpenData() throws Exception {
        JmxMetrics metrics = register("oidc-jmx-test", "/shop");
        ObjectName name = new ObjectName("dev.oidchybrid:type=OidcFilter,context=/shop,name=oidc-jmx-test");
        assertEquals(name, metrics.objectName());
        metrics.loginCompleted();
        metrics.loginCompleted();
        metrics.loginFailed(ErrorCode.INVALID_STATE);
        metrics.providerCall(ProviderEndpoint.TOKEN).end(200, null, 3_000_000);
        metrics.providerCall(ProviderEndpoint.TOKEN).end(200, null, 5_000_000);
        Map<String, Object> counters = attribute(name, "Counters");
        assertEquals(2L, counters.get("oidc.logins{outcome=completed,error=none}"));
        assertEquals(1L, counters.get("oidc.logins{outcome=failed,error=invalid_state}"));
        assertEquals(2L, counters.get("oidc.provider.calls{endpoint=token,status=200,error=none}"));
        assertEquals(8.0, attribute(name, "LatencyTotalMillis")
                .get("oidc.provider.calls{endpoint=token,status=200,error=none}"));
        assertEquals(5.0, attribute(name, "LatencyMaxMillis")
                .get("oidc.provider.calls{endpoint=token,status=200,error=none}"));
        assertEquals(counters, new HashMap<>(JMX.newMXBeanProxy(SERVER, name, FilterMetricsMXBean.class).getCounters()));
    }

    @Test
    void registerWhenRootContextThenContextSlash() throws Exception {
        assertEquals(new ObjectName("dev.oidchybrid:type=OidcFilter,context=/,name=oidc-root"),
                register("oidc-root", "").objectName());
    }

    @Test
    void registerWhenTheNameIsTakenThenTheNextInstanceNumber() throws Exception {
        JmxMetrics first = register("oidc-twice", "/app");
        JmxMetrics second = register("oidc-twice", "/app");
        assertEquals(new ObjectName("dev.oidchybrid:type=OidcFilter,context=/app,name=oidc-twice,instance=2"),
                second.objectName());
        first.loginCompleted();
        assertTrue(second.getCounters().isEmpty(), "each instance counts its own events");
    }

    @Test
    void registerWhenNameHoldsReservedCharactersThenQuoted() throws Exception {
        JmxMetrics metrics = register("a,b=c:d", "/app");
        assertEquals(ObjectName.quote("a,b=c:d"), metrics.objectName().getKeyProperty("name"));
        assertTrue(SERVER.isRegistered(metrics.objectName()));
    }

    @Test
    void closeThenUnregisteredAndANewInstanceGetsTheName() throws Exception {
        JmxMetrics metrics = register("oidc-closed", "/app");
        ObjectName name = metrics.objectName();
        metrics.close();
        assertFalse(SERVER.isRegistered(name));
        assertNull(metrics.objectName());
        assertEquals(name, register("oidc-closed", "/app").objectName());
    }

    @Test
    void everyEventThenItsMeterNameAndTags() {
        JmxMetrics metrics = register("oidc-events", "/app");
        metrics.loginStarted(Telemetry.LoginKind.STEP_UP);
        metrics.callbackRefused(ErrorCode.TOO_MANY_ATTEMPTS);
        metrics.refreshed(Telemetry.RefreshOutcome.PROVIDER_DOWN);
        metrics.refreshWaited(Telemetry.WaitOutcome.HANDED_OVER);
        metrics.backChannelLogoutAccepted();
        metrics.backChannelLogoutRefused(ErrorCode.INVALID_REQUEST);
        metrics.jwksFetched(Telemetry.JwksCause.UNKNOWN_KID);
        metrics.bearerAccepted();
        metrics.bearerRefused("invalid_token");
        metrics.sessionsRevoked(Telemetry.RevocationSource.APPLICATION);
        metrics.loggedOut(true);
        metrics.providerCall(ProviderEndpoint.USERINFO).end(0, "op_timeout", 1);
        assertEquals(Map.ofEntries(
                Map.entry("oidc.logins.started{kind=step_up}", 1L),
                Map.entry("oidc.callbacks.refused{reason=too_many_attempts}", 1L),
                Map.entry("oidc.refreshes{outcome=provider_down}", 1L),
                Map.entry("oidc.refresh.waits{outcome=handed_over}", 1L),
                Map.entry("oidc.backchannel.logouts{outcome=accepted,reason=none}", 1L),
                Map.entry("oidc.backchannel.logouts{outcome=refused,reason=invalid_request}", 1L),
                Map.entry("oidc.jwks.fetches{cause=unknown_kid}", 1L),
                Map.entry("oidc.bearer.requests{outcome=accepted,reason=none}", 1L),
                Map.entry("oidc.bearer.requests{outcome=refused,reason=invalid_token}", 1L),
                Map.entry("oidc.sessions.revoked{source=application}", 1L),
                Map.entry("oidc.logouts{end_session=true}", 1L),
                Map.entry("oidc.provider.calls{endpoint=userinfo,status=none,error=op_timeout}", 1L)),
                metrics.getCounters());
    }
}
