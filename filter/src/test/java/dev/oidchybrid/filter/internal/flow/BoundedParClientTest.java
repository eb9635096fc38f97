package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bulkhead before the PAR endpoint: a flood of anonymous visits cannot hold more than its bound of pushes. */
class BoundedParClientTest {

    private static final PushedAuthorizationResponse ANSWER = new PushedAuthorizationResponse("urn:x", Optional.of(60L));

    @Test
    @Timeout(10)
    void pushWhenBoundReachedThenUnavailableWithRetryAfterAndNoRequestSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger received = new AtomicInteger();
        ParClient slow = (endpoint, params) -> {
            received.incrementAndGet();
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ANSWER;
        };
        BoundedParClient bounded = new BoundedParClient(slow, 2, Duration.ofMillis(50));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<PushedAuthorizationResponse> first = pool.submit(() -> bounded.push("https://op/par", Map.of()));
            Future<PushedAuthorizationResponse> second = pool.submit(() -> bounded.push("https://op/par", Map.of()));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            OidcException e = assertThrows(OidcException.class, () -> bounded.push("https://op/par", Map.of()));
            assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
            assertTrue(e.retryAfterSeconds() > 0);
            assertEquals(2, received.get());
            release.countDown();
            assertEquals(ANSWER, first.get());
            assertEquals(ANSWER, second.get());
            assertEquals(ANSWER, bounded.push("https://op/par", Map.of()), "a slot is free again");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pushWhenDelegateFailsThenTheSlotIsReleased() {
        BoundedParClient bounded = new BoundedParClient((endpoint, params) -> {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "bad", "");
        }, 1, Duration.ofMillis(10));
        assertThrows(OidcException.class, () -> bounded.push("https://op/par", Map.of()));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, assertThrows(OidcException.class,
                () -> bounded.push("https://op/par", Map.of())).code());
    }
}
