package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsealedSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_800_000_000L));
    private final AtomicInteger unseals = new AtomicInteger();
    private final LoadedSession alice = new LoadedSession(null, clock.instant());

    /** Unseals "alice" (and only it), counting every call. */
    private final Function<String, Optional<LoadedSession>> codec = value -> {
        unseals.incrementAndGet();
        return value.equals("sealed-alice") ? Optional.of(alice) : Optional.empty();
    };

    private static final Function<LoadedSession, Instant> NO_LIMIT = loaded -> null;

    @Test
    void unsealWhenTheSameValueComesAgainWithinTheTtlThenTheEarlierResultAndNoSecondUnseal() {
        UnsealedSessions cache = new UnsealedSessions(clock);

        Optional<LoadedSession> first = cache.unseal("sealed-alice", codec, NO_LIMIT);
        Optional<LoadedSession> second = cache.unseal("sealed-alice", codec, NO_LIMIT);

        assertSame(alice, first.orElseThrow());
        assertSame(alice, second.orElseThrow());
        assertEquals(1, unseals.get());
    }

    @Test
    void unsealWhenTheTtlHasPassedThenTheValueIsUnsealedAgain() {
        UnsealedSessions cache = new UnsealedSessions(clock);
        cache.unseal("sealed-alice", codec, NO_LIMIT);

        clock.advance(UnsealedSessions.TTL);
        cache.unseal("sealed-alice", codec, NO_LIMIT);

        assertEquals(2, unseals.get());
    }

    @Test
    void unsealWhenTheStoreStopsAcceptingTheSessionBeforeTheTtlThenTheEntryEndsThere() {
        UnsealedSessions cache = new UnsealedSessions(clock);
        Instant validUntil = clock.instant().plusSeconds(5);
        cache.unseal("sealed-alice", codec, loaded -> validUntil);

        clock.advance(Duration.ofSeconds(5));
        cache.unseal("sealed-alice", codec, loaded -> validUntil);

        assertEquals(2, unseals.get(), "nothing held past the value's own validity");
    }

    @Test
    void unsealWhenAValueDoesNotUnsealThenItIsNeverCachedAndAlwaysRefused() {
        UnsealedSessions cache = new UnsealedSessions(clock);

        assertTrue(cache.unseal("sealed-alice-tampered", codec, NO_LIMIT).isEmpty());
        assertTrue(cache.unseal("sealed-alice-tampered", codec, NO_LIMIT).isEmpty());

        assertEquals(2, unseals.get());
        assertEquals(0, cache.size());
    }

    @Test
    void unsealWhenAnotherValueComesThenItIsUnsealedOnItsOwnNotServedFromAnotherEntry() {
        UnsealedSessions cache = new UnsealedSessions(clock);
        cache.unseal("sealed-alice", codec, NO_LIMIT);

        assertTrue(cache.unseal("sealed-alicf", codec, NO_LIMIT).isEmpty());
        assertEquals(2, unseals.get());
    }

    @Test
    void unsealWhenFullThenExpiredEntriesMakeRoomAndLiveOnesAreNeverMoreThanTheCapacity() {
        UnsealedSessions cache = new UnsealedSessions(clock, 2);
        Function<String, Optional<LoadedSession>> any = value -> Optional.of(new LoadedSession(null, null));
        cache.unseal("a", any, NO_LIMIT);
        cache.unseal("b", any, NO_LIMIT);
        cache.unseal("c", any, NO_LIMIT);
        assertEquals(2, cache.size(), "full: c is served but not kept");

        clock.advance(UnsealedSessions.TTL.plusSeconds(1));
        cache.unseal("d", any, NO_LIMIT);
        assertEquals(1, cache.size(), "the expired a and b made room for d");
    }

    @Test
    void forgetWhenAValueWasEndedThenItIsUnsealedAgainNextTime() {
        UnsealedSessions cache = new UnsealedSessions(clock);
        cache.unseal("sealed-alice", codec, NO_LIMIT);

        cache.forget("sealed-alice");
        cache.unseal("sealed-alice", codec, NO_LIMIT);

        assertEquals(2, unseals.get());
    }

    @Test
    void unsealWhenAValueCarriesTheTagOfAnEntryButOtherContentThenItIsUnsealedOnItsOwnAndRefused() {
        Function<String, Optional<LoadedSession>> jwe = value -> {
            unseals.incrementAndGet();
            return value.equals("header..iv.alice-ciphertext.TAG") ? Optional.of(alice) : Optional.empty();
        };
        UnsealedSessions cache = new UnsealedSessions(clock);
        cache.unseal("header..iv.alice-ciphertext.TAG", jwe, NO_LIMIT);

        // the same authentication tag on another ciphertext (a forgery, or another user's value spliced)
        Optional<LoadedSession> spliced = cache.unseal("header..iv.mallory-ciphertext.TAG", jwe, NO_LIMIT);

        assertTrue(spliced.isEmpty());
        assertEquals(2, unseals.get(), "looked up by its tag, compared whole, then unsealed on its own");
        assertSame(alice, cache.unseal("header..iv.alice-ciphertext.TAG", jwe, NO_LIMIT).orElseThrow());
        assertEquals(2, unseals.get(), "the genuine value's entry is still there");
    }

    @Test
    void tagWhenTheValueIsACompactJweThenItsLastPartElseTheWholeValue() {
        assertEquals("TAG", UnsealedSessions.tag("h..iv.ct.TAG"));
        assertEquals("no-dots", UnsealedSessions.tag("no-dots"));
        assertEquals("", UnsealedSessions.tag("h..iv.ct."));
    }
}
