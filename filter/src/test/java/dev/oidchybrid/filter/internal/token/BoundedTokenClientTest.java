package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bulkhead before the token endpoint: a flood of callbacks cannot hold more than its bound of requests. */
class BoundedTokenClientTest {

    private static final TokenResponse ANSWER = new TokenResponse("at", "Bearer", 300L, null, null, null);

    /** A token endpoint that answers only when released, counting the requests it got. */
    private static final class SlowEndpoint implements TokenClient {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger received = new AtomicInteger();

        private TokenResponse answer() {
            received.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ANSWER;
        }

        @Override
        public TokenResponse redeemCode(String endpoint, String code, String redirectUri, String verifier,
                                            DpopKey dpop) {
            return answer();
        }

        @Override
        public TokenResponse refresh(String endpoint, String refreshToken, String scope, DpopKey dpop) {
            return answer();
        }
    }

    @Test
    @Timeout(20)
    void redeemCodeWhenTheBoundIsReachedThenFurtherRequestsGet503WithoutReachingTheProvider() throws Exception {
        SlowEndpoint endpoint = new SlowEndpoint();
        BoundedTokenClient bounded = new BoundedTokenClient(endpoint, 2, Duration.ofMillis(50));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<TokenResponse> first = pool.submit(() -> bounded.redeemCode("t", "c1", "r", "v", null));
            Future<TokenResponse> second = pool.submit(() -> bounded.redeemCode("t", "c2", "r", "v", null));
            while (endpoint.received.get() < 2) {
                Thread.sleep(5);
            }
            OidcException refused = assertThrows(OidcException.class, () -> bounded.redeemCode("t", "c3", "r", "v", null));
            assertEquals(ErrorCode.OP_UNAVAILABLE, refused.code());
            assertTrue(refused.retryAfterSeconds() > 0, "503 with Retry-After");
            assertEquals(2, endpoint.received.get(), "the third never reached the provider");
            // refreshes have a pool of their own: a flood of callbacks does not starve them
            Future<TokenResponse> refresh = pool.submit(() -> bounded.refresh("t", "rt", null, null));
            while (endpoint.received.get() < 3) {
                Thread.sleep(5);
            }
            endpoint.release.countDown();
            assertEquals(ANSWER, first.get());
            assertEquals(ANSWER, second.get());
            assertEquals(ANSWER, refresh.get());
            assertEquals(ANSWER, bounded.redeemCode("t", "c4", "r", "v", null), "slots are given back");
        } finally {
            endpoint.release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void redeemCodeWhenTheCallFailsThenItsSlotIsGivenBack() {
        TokenClient failing = new TokenClient() {
            @Override
            public TokenResponse redeemCode(String endpoint, String code, String redirectUri, String verifier,
                                            DpopKey dpop) {
                throw OidcException.providerError("invalid_grant", "made-up code", "RFC 6749 §5.2");
            }

            @Override
            public TokenResponse refresh(String endpoint, String refreshToken, String scope, DpopKey dpop) {
                return ANSWER;
            }
        };
        BoundedTokenClient bounded = new BoundedTokenClient(failing, 1, Duration.ofMillis(10));
        for (int i = 0; i < 5; i++) {
            assertEquals(ErrorCode.OP_ERROR, assertThrows(OidcException.class,
                    () -> bounded.redeemCode("t", "c", "r", "v", null)).code());
        }
        assertEquals(ANSWER, bounded.refresh("t", "rt", null, null));
    }
}
