package dev.oidchybrid.filter.internal.health;

import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JCache probe health checks use: bounded in time, kept for its ttl, never two at once. */
class CacheProbeTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private final MutableClock clock = MutableClock.at(1_800_000_000L);
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicBoolean answers = new AtomicBoolean(true);

    private CacheProbe probe() {
        return new CacheProbe(() -> {
            probes.incrementAndGet();
            return answers.get();
        }, clock, Duration.ofSeconds(10), TTL);
    }

    @Test
    void reachableWhenAskedAgainWithinTheTtlThenTheClusterIsReadOnce() {
        try (CacheProbe probe = probe()) {
            for (int i = 0; i < 20; i++) {
                assertTrue(probe.reachable());
                clock.advance(Duration.ofMillis(200));
            }
            assertEquals(1, probes.get());
        }
    }

    @Test
    void reachableWhenTheTtlPassedThenReadAgainAndTheNewAnswerCounts() {
        try (CacheProbe probe = probe()) {
            assertTrue(probe.reachable());
            answers.set(false);
            clock.advance(TTL);
            assertFalse(probe.reachable());
            assertEquals(2, probes.get());
        }
    }

    @Test
    void reachableWhenTheProbeThrowsThenFalse() {
        try (CacheProbe probe = new CacheProbe(() -> {
            throw new IllegalStateException("cluster gone");
        }, clock, Duration.ofSeconds(10), TTL)) {
            assertFalse(probe.reachable());
        }
    }

    @Test
    void reachableWhenTheClusterHangsThenFalseAfterTheTimeoutAndNoSecondReadWhileTheFirstRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (CacheProbe probe = new CacheProbe(() -> {
            probes.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, clock, Duration.ofMillis(50), TTL)) {
            assertFalse(probe.reachable(), "no answer within the timeout");
            clock.advance(TTL);
            assertFalse(probe.reachable(), "still hanging");
            assertEquals(1, probes.get(), "the hanging read is waited for again, not joined by another");
            release.countDown();
            clock.advance(TTL);
            assertTrue(probe.reachable(), "the read finished: its answer counts");
        }
    }
}
