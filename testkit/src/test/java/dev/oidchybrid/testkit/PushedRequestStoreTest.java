package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's memory of pushed requests, which it prunes at most once a second. */
class PushedRequestStoreTest {

    private static final Duration LIFETIME = Duration.ofSeconds(60);

    private final TestClock clock = TestClock.atSystemTime();
    private final PushedRequestStore store = new PushedRequestStore(clock);

    @Test
    void resolveWhenPushedLongAgoAndPrunedSinceThenUnknown() {
        String old = store.push("client", params(), LIFETIME);
        clock.advance(LIFETIME.plusMinutes(11));
        store.push("client", params(), LIFETIME);

        assertUnusable(store.resolve(front(old)), "Unknown request_uri");
    }

    @Test
    void resolveWhenPushedLongAgoButNoPushSinceThenExpiredNotUnknown() {
        String old = store.push("client", params(), LIFETIME);
        clock.advance(LIFETIME.plusMinutes(11));

        assertUnusable(store.resolve(front(old)), "expired");
    }

    @Test
    void pushWhenPrunedLessThanASecondAgoThenForgottenAtTheNextPruneOnly() {
        String old = store.push("client", params(), LIFETIME);
        clock.advance(LIFETIME.plusMinutes(10).minusMillis(500));
        store.push("client", params(), LIFETIME); // prunes: old is still remembered (not yet past its memory)
        clock.advance(Duration.ofMillis(700));
        store.push("client", params(), LIFETIME); // within a second of the last prune: no scan

        assertUnusable(store.resolve(front(old)), "expired");

        clock.advance(Duration.ofMillis(400));
        store.push("client", params(), LIFETIME); // a second after the last prune: scans, old is forgotten
        assertUnusable(store.resolve(front(old)), "Unknown request_uri");
    }

    @Test
    void resolveWhenFreshThenResolvedOnce() {
        String uri = store.push("client", params(), LIFETIME);
        clock.advance(Duration.ofMillis(100));
        store.push("client", params(), LIFETIME);

        PushedRequestStore.Resolved resolved = assertInstanceOf(PushedRequestStore.Resolved.class,
                store.resolve(front(uri)));
        assertEquals("openid", resolved.params().get("scope"));
        assertUnusable(store.resolve(front(uri)), "used before");
    }

    private static Params params() {
        return Params.parse(Params.encode(Map.of("client_id", "client", "scope", "openid")));
    }

    private static Params front(String requestUri) {
        return Params.parse(Params.encode(Map.of("client_id", "client", "request_uri", requestUri)));
    }

    private static void assertUnusable(PushedRequestStore.Resolution resolution, String reason) {
        PushedRequestStore.Unusable unusable = assertInstanceOf(PushedRequestStore.Unusable.class, resolution);
        assertTrue(unusable.message().contains(reason), unusable.message());
    }
}
