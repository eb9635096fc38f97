package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.testing.RecordingTelemetry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TelemetryFanOut}: every event reaches every part; a part that fails neither stops the others nor throws. */
class TelemetryFanOutTest {

    /** A part whose every event fails. */
    private static final Telemetry BROKEN = new Telemetry() {
        @Override
        public void loginFailed(ErrorCode code) {
            throw new IllegalStateException("broken");
        }

        @Override
        public ProviderCallObserver providerCall(ProviderEndpoint endpoint) {
            return (status, error, nanos) -> {
                throw new IllegalStateException("broken");
            };
        }
    };

    @Test
    void eventWhenAPartThrowsThenTheOthersStillGetItAndNothingIsThrown() {
        RecordingTelemetry before = new RecordingTelemetry();
        RecordingTelemetry after = new RecordingTelemetry();
        TelemetryFanOut fanOut = new TelemetryFanOut(List.of(before, BROKEN, after), () -> { });
        fanOut.loginFailed(ErrorCode.INVALID_ID_TOKEN);
        fanOut.providerCall(ProviderEndpoint.TOKEN).end(400, "op_error", 10);
        List<String> expected = List.of("loginFailed:invalid_id_token", "providerCall:token 400 op_error");
        assertEquals(expected, before.events());
        assertEquals(expected, after.events());
    }

    @Test
    void eventWhenAPartsLibraryIsTooOldThenTheLinkageErrorStaysInsideTheFanOut() {
        RecordingTelemetry other = new RecordingTelemetry();
        Telemetry oldLibrary = new Telemetry() {
            @Override
            public void loginCompleted() {
                throw new NoSuchMethodError("io.micrometer.core.instrument.Counter$Builder.tags");
            }
        };
        new TelemetryFanOut(List.of(oldLibrary, other), () -> { }).loginCompleted();
        assertEquals(List.of("loginCompleted:"), other.events());
    }

    @Test
    void forInstanceWithMicrometerAndOpenTelemetryOnTheClassPathThenThreePartsAndCloseUnregisters()
            throws Exception {
        TelemetryFanOut fanOut = TelemetryFanOut.forInstance("oidc-fan-out", "/app");
        javax.management.ObjectName name = new javax.management.ObjectName(
                "dev.oidchybrid:type=OidcFilter,context=/app,name=oidc-fan-out");
        try {
            assertEquals(3, fanOut.size(), "JMX, Micrometer and OpenTelemetry (all on the test class path)");
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
        } finally {
            fanOut.close();
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
    }

    @Test
    void loadableWhenClassMissingThenFalse() {
        assertTrue(TelemetryFanOut.loadable(TelemetryFanOut.MICROMETER));
        assertFalse(TelemetryFanOut.loadable("io.micrometer.core.instrument.NoSuchRegistry"));
    }
}
