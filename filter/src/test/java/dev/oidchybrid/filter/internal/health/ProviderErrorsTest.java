package dev.oidchybrid.filter.internal.health;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderErrorsTest {

    private final MutableClock clock = MutableClock.at(1_800_000_000L);
    private final ProviderErrors errors = new ProviderErrors(clock);

    @Test
    void recordedWhenTheCallSucceedsThenNothingIsRecorded() {
        assertEquals("ok", errors.recorded(() -> "ok"));
        assertTrue(errors.last().isEmpty());
    }

    @Test
    void recordedWhenTheCallFailsThenCodeProviderErrorAndTimeAreKeptAndTheFailureRethrown() {
        OidcException failure = OidcException.providerError("invalid_client", "token endpoint said invalid_client", "");
        OidcException thrown = assertThrows(OidcException.class, () -> errors.recorded(() -> {
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals(new ProviderErrors.LastError("op_error", "invalid_client", Instant.ofEpochSecond(1_800_000_000L)),
                errors.last().orElseThrow());
    }

    @Test
    void recordWhenAnotherFailureFollowsThenOnlyTheLastIsKept() {
        errors.record(new OidcException(ErrorCode.OP_TIMEOUT, "token request timed out", ""));
        clock.advance(Duration.ofSeconds(30));
        errors.record(new OidcException(ErrorCode.OP_UNAVAILABLE, "discovery failed: https://op/?x=1", ""));
        assertEquals(new ProviderErrors.LastError("op_unavailable", null, Instant.ofEpochSecond(1_800_000_030L)),
                errors.last().orElseThrow());
    }
}
