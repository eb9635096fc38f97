package dev.oidchybrid.filter.internal.observe;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.testing.RecordingTelemetry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link ProviderCalls}: each exchange is one call, told with its status and the code of its failure. */
class ProviderCallsTest {

    private final RecordingTelemetry telemetry = new RecordingTelemetry();
    private final ProviderCalls calls = new ProviderCalls(telemetry);

    @Test
    void callWhenAnsweredThenResultPassesAndStatusRecordedWithoutError() {
        assertEquals("body", calls.call(ProviderEndpoint.TOKEN, call -> {
            call.status(200);
            return "body";
        }));
        assertEquals(List.of("providerCall:token 200 null"), telemetry.events());
    }

    @Test
    void callWhenOidcExceptionThenRethrownAndRecordedByItsCodeWithTheStatus() {
        OidcException failure = new OidcException(ErrorCode.OP_BAD_RESPONSE, "answered HTTP 500", "");
        OidcException thrown = assertThrows(OidcException.class, () -> calls.call(ProviderEndpoint.DISCOVERY, call -> {
            call.status(500);
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals(List.of("providerCall:discovery 500 op_bad_response"), telemetry.events());
    }

    @Test
    void callWhenNoResponseThenStatusZero() {
        assertThrows(OidcException.class, () -> calls.call(ProviderEndpoint.JWKS, call -> {
            throw new OidcException(ErrorCode.OP_TIMEOUT, "timed out", "");
        }));
        assertEquals(List.of("providerCall:jwks 0 op_timeout"), telemetry.events());
    }

    @Test
    void callWhenAnyOtherExceptionThenRethrownAndRecordedAsInternal() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> calls.call(ProviderEndpoint.PAR, call -> {
            throw bug;
        })));
        assertEquals(List.of("providerCall:par 0 internal"), telemetry.events());
    }
}
