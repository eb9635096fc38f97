package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderMetadataSourceTest {

    private static final ProviderMetadata METADATA = new ProviderMetadata("https://op", "https://op/a", "https://op/t",
            "https://op/j", null, null, List.of(), List.of(), List.of(), List.of(), List.of(), false);

    private final MutableClock clock = MutableClock.at(1_800_000_000L);
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicBoolean up = new AtomicBoolean(false);

    private ProviderMetadataSource source() {
        return new ProviderMetadataSource(() -> {
            attempts.incrementAndGet();
            if (!up.get()) {
                throw HttpFailures.unavailable("connection refused");
            }
            return METADATA;
        }, clock, Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    @Test
    void getWhenProviderDownThenUnavailableWithRetryAfterAndNoRetryBeforeBackoff() {
        ProviderMetadataSource source = source();
        OidcException first = assertThrows(OidcException.class, source::get);
        assertEquals(ErrorCode.OP_UNAVAILABLE, first.code());
        assertEquals(1, first.retryAfterSeconds());
        for (int i = 0; i < 10; i++) {
            assertThrows(OidcException.class, source::get);
        }
        assertEquals(1, attempts.get(), "no new attempt within the backoff");
    }

    @Test
    void getWhenProviderStaysDownThenBackoffDoublesUpToTheCap() {
        ProviderMetadataSource source = source();
        long[] expected = {1, 2, 4, 8, 8};
        for (long retryAfter : expected) {
            OidcException e = assertThrows(OidcException.class, source::get);
            assertEquals(retryAfter, e.retryAfterSeconds());
            clock.advance(Duration.ofSeconds(retryAfter));
        }
        assertEquals(expected.length, attempts.get());
    }

    @Test
    void getWhenProviderComesBackThenMetadataCachedForGood() {
        ProviderMetadataSource source = source();
        assertThrows(OidcException.class, source::get);
        up.set(true);
        clock.advance(Duration.ofSeconds(1));
        assertSame(METADATA, source.get());
        assertSame(METADATA, source.get());
        assertEquals(2, attempts.get());
    }
}
