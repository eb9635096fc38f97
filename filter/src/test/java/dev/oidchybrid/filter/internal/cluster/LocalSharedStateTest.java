package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.cluster.LocalUsedStates;
import dev.oidchybrid.filter.internal.config.SessionSettings;
import dev.oidchybrid.filter.internal.config.SessionStoreKind;
import dev.oidchybrid.filter.internal.config.SharedStateKind;
import dev.oidchybrid.filter.session.OidcPrincipal;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;
import dev.oidchybrid.filter.internal.token.TokenSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSharedStateTest {

    private static final String ISSUER = "https://op.example.com";
    private static final String OTHER_ISSUER = "https://other-op.example.com";
    private static final long START = 1_800_000_000L;
    private static final Duration RETENTION = Duration.ofHours(24);

    private final MutableClock clock = MutableClock.at(START);

    private static OidcSession session(String issuer, String subject, String sid, Instant loggedInAt, String id) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        if (sid != null) {
            claims.put("sid", sid);
        }
        TokenSet tokens = new TokenSet("id.token.value", "access", null, "Bearer", null, null, loggedInAt);
        return new OidcSession(tokens, Map.copyOf(claims), new OidcPrincipal(subject, issuer, subject, Set.of()),
                loggedInAt, id);
    }

    private OidcSession sessionNow(String subject, String sid, String id) {
        return session(ISSUER, subject, sid, clock.instant(), id);
    }

    private static LogoutRequest bySid(String issuer, String subject, String sid) {
        return new LogoutRequest(issuer, subject, sid, "jti-" + sid, START);
    }

    private static LogoutRequest bySubject(String issuer, String subject) {
        return new LogoutRequest(issuer, subject, null, "jti-" + subject, START);
    }

    // --- revocations ---------------------------------------------------------------------------------------

    @Test
    void isLoggedOutWhenNothingRecordedThenFalse() {
        assertFalse(new LocalRevocations(clock, RETENTION, 10).isLoggedOut(sessionNow("alice", "sid-1", "id-1").revocationCheck()));
    }

    @Test
    void isLoggedOutWhenSidLogoutThenOnlyTheSessionWithThatIssuerAndSidEnds() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        OidcSession matching = sessionNow("alice", "sid-1", "id-1");
        OidcSession otherSid = sessionNow("alice", "sid-2", "id-2");
        OidcSession otherIssuer = session(OTHER_ISSUER, "alice", "sid-1", clock.instant(), "id-3");
        OidcSession noSid = sessionNow("alice", null, "id-4");

        revocations.record(bySid(ISSUER, "alice", "sid-1"));

        assertTrue(revocations.isLoggedOut(matching.revocationCheck()));
        assertFalse(revocations.isLoggedOut(otherSid.revocationCheck()), "another provider session of the same user");
        assertFalse(revocations.isLoggedOut(otherIssuer.revocationCheck()), "the same sid from another issuer");
        assertTrue(revocations.isLoggedOut(noSid.revocationCheck()), "a session without sid may be that provider session: by sub");
    }

    @Test
    void isLoggedOutWhenSidLogoutAndSessionHasNoSidThenSubjectsEarlierSessionsWithoutSidEnd() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        OidcSession noSidBefore = session(ISSUER, "alice", null, clock.instant().minusSeconds(60), "id-1");
        OidcSession otherSid = session(ISSUER, "alice", "sid-2", clock.instant().minusSeconds(60), "id-2");
        OidcSession otherUser = session(ISSUER, "bob", null, clock.instant().minusSeconds(60), "id-3");

        revocations.record(bySid(ISSUER, "alice", "sid-1"));
        clock.advance(Duration.ofSeconds(1));
        OidcSession noSidAfter = sessionNow("alice", null, "id-4");

        assertTrue(revocations.isLoggedOut(noSidBefore.revocationCheck()), "its ID token had no sid: only sub can match it");
        assertFalse(revocations.isLoggedOut(otherSid.revocationCheck()), "a session with another sid is another provider session");
        assertFalse(revocations.isLoggedOut(otherUser.revocationCheck()));
        assertFalse(revocations.isLoggedOut(noSidAfter.revocationCheck()), "a login after the logout stays");
    }

    @Test
    void isLoggedOutWhenSidLogoutWithoutSubjectThenTheSidSessionEnds() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        revocations.record(bySid(ISSUER, null, "sid-1"));
        assertTrue(revocations.isLoggedOut(sessionNow("alice", "sid-1", "id-1").revocationCheck()));
    }

    @Test
    void isLoggedOutWhenSubjectLogoutThenSessionsLoggedInBeforeEndButNotLaterOnes() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        OidcSession before = session(ISSUER, "alice", "sid-1", clock.instant().minusSeconds(600), "id-1");
        OidcSession sameSecond = sessionNow("alice", "sid-2", "id-2");
        OidcSession otherUser = session(ISSUER, "bob", null, clock.instant().minusSeconds(600), "id-3");
        OidcSession otherIssuer = session(OTHER_ISSUER, "alice", null, clock.instant().minusSeconds(600), "id-4");

        revocations.record(bySubject(ISSUER, "alice"));
        clock.advance(Duration.ofSeconds(1));
        OidcSession after = sessionNow("alice", "sid-3", "id-5");

        assertTrue(revocations.isLoggedOut(before.revocationCheck()));
        assertTrue(revocations.isLoggedOut(sameSecond.revocationCheck()), "logged in at the logout instant");
        assertFalse(revocations.isLoggedOut(after.revocationCheck()), "a new login after the logout stays");
        assertFalse(revocations.isLoggedOut(otherUser.revocationCheck()));
        assertFalse(revocations.isLoggedOut(otherIssuer.revocationCheck()));
    }

    @Test
    void isLoggedOutWhenSubjectLogoutAndLoginTimeUnknownThenSessionStays() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        revocations.record(bySubject(ISSUER, "alice"));
        assertFalse(revocations.isLoggedOut(session(ISSUER, "alice", null, null, "id-1").revocationCheck()));
    }

    @Test
    void isLoggedOutWhenSessionIdRevokedThenOnlyThatSessionEnds() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        revocations.revokeSession("id-1");
        assertTrue(revocations.isLoggedOut(sessionNow("alice", "sid-1", "id-1").revocationCheck()));
        assertFalse(revocations.isLoggedOut(sessionNow("alice", "sid-1", "id-2").revocationCheck()), "same user, other session");
        assertFalse(revocations.isLoggedOut(sessionNow("alice", "sid-1", null).revocationCheck()), "a session without id");
    }

    @Test
    void recordWhenCapacityReachedThenNoMoreThanCapacityEntriesKept() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 3);
        IntStream.range(0, 10).forEach(i -> revocations.revokeSession("id-" + i));
        long revoked = IntStream.range(0, 10)
                .filter(i -> revocations.isLoggedOut(sessionNow("alice", null, "id-" + i).revocationCheck())).count();
        assertEquals(3, revoked);
        for (int i = 7; i < 10; i++) {
            assertTrue(revocations.isLoggedOut(sessionNow("alice", null, "id-" + i).revocationCheck()), "the newest entries are kept");
        }
    }

    @Test
    void recordWhenFullThenTheOldestGoesNotAnArbitraryOne() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 3);
        revocations.revokeSession("oldest");
        clock.advance(Duration.ofSeconds(1));
        revocations.revokeSession("middle");
        clock.advance(Duration.ofSeconds(1));
        revocations.revokeSession("newer");
        clock.advance(Duration.ofSeconds(1));
        revocations.revokeSession("newest");
        assertFalse(revocations.isLoggedOut(sessionNow("alice", null, "oldest").revocationCheck()));
        for (String id : List.of("middle", "newer", "newest")) {
            assertTrue(revocations.isLoggedOut(sessionNow("alice", null, id).revocationCheck()), id);
        }
    }

    @Test
    void recordWhenCapacityReachedThenExpiredEntriesGoFirst() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 3);
        revocations.revokeSession("old");
        clock.advance(RETENTION.plusSeconds(1));
        revocations.revokeSession("fresh-1");
        revocations.revokeSession("fresh-2");
        revocations.revokeSession("fresh-3");
        assertFalse(revocations.isLoggedOut(sessionNow("alice", null, "old").revocationCheck()));
        for (String id : new String[] {"fresh-1", "fresh-2", "fresh-3"}) {
            assertTrue(revocations.isLoggedOut(sessionNow("alice", null, id).revocationCheck()), id);
        }
    }

    // --- revocations by the application (OidcSessions) ------------------------------------------------------

    @Test
    void revokeSubjectWhenSessionsBeganBeforeThenAllOfThemEndWhateverTheirSid() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        OidcSession laptop = session(ISSUER, "alice", "sid-1", clock.instant().minusSeconds(600), "id-1");
        OidcSession phone = session(ISSUER, "alice", null, clock.instant().minusMillis(1), "id-2");
        OidcSession sameInstant = sessionNow("alice", "sid-3", "id-3");

        revocations.revokeSubject(ISSUER, "alice");

        assertTrue(revocations.isLoggedOut(laptop.revocationCheck()));
        assertTrue(revocations.isLoggedOut(phone.revocationCheck()), "a session without sid too");
        assertTrue(revocations.isLoggedOut(sameInstant.revocationCheck()), "logged in at the revocation instant");
    }

    @Test
    void revokeSubjectWhenSignedInAgainAfterwardsThenTheNewSessionStaysEvenWithinTheSameSecond() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        revocations.revokeSubject(ISSUER, "alice");
        clock.advance(Duration.ofMillis(1));
        assertFalse(revocations.isLoggedOut(sessionNow("alice", "sid-1", "id-1").revocationCheck()),
                "a login a millisecond after the revocation");
        clock.advance(Duration.ofHours(1));
        assertFalse(revocations.isLoggedOut(sessionNow("alice", null, "id-2").revocationCheck()));
    }

    @Test
    void revokeSubjectWhenOtherSubjectOrIssuerThenTheirSessionsStay() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        Instant before = clock.instant().minusSeconds(60);
        revocations.revokeSubject(ISSUER, "alice");
        assertFalse(revocations.isLoggedOut(session(ISSUER, "bob", "sid-1", before, "id-1").revocationCheck()));
        assertFalse(revocations.isLoggedOut(session(OTHER_ISSUER, "alice", "sid-2", before, "id-2").revocationCheck()),
                "the same sub at another issuer is another user");
    }

    @Test
    void revokeSidWhenSessionsBeganBeforeThenOnlyThatProviderSessionEnds() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        Instant before = clock.instant().minusSeconds(60);
        OidcSession matching = session(ISSUER, "alice", "sid-1", before, "id-1");
        OidcSession otherSid = session(ISSUER, "alice", "sid-2", before, "id-2");
        OidcSession noSid = session(ISSUER, "alice", null, before, "id-3");
        OidcSession otherIssuer = session(OTHER_ISSUER, "alice", "sid-1", before, "id-4");

        revocations.revokeSid(ISSUER, "sid-1");

        assertTrue(revocations.isLoggedOut(matching.revocationCheck()));
        assertFalse(revocations.isLoggedOut(otherSid.revocationCheck()), "another provider session of the same user");
        assertFalse(revocations.isLoggedOut(noSid.revocationCheck()), "the application named a sid: nothing else");
        assertFalse(revocations.isLoggedOut(otherIssuer.revocationCheck()));
    }

    @Test
    void revokeSidWhenSignedInAgainWithTheSameSidAfterwardsThenTheNewSessionStays() {
        // unlike a back-channel logout, the provider's session lives on: its single sign-on gives the same sid again
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 10);
        revocations.revokeSid(ISSUER, "sid-1");
        clock.advance(Duration.ofMillis(1));
        assertFalse(revocations.isLoggedOut(sessionNow("alice", "sid-1", "id-2").revocationCheck()));
    }

    @Test
    void revokeSubjectWhenFullThenExpiredRevocationsGoFirstAndLiveOnesStay() {
        LocalRevocations revocations = new LocalRevocations(clock, RETENTION, 2);
        Instant before = clock.instant().minusSeconds(1);
        revocations.revokeSubject(ISSUER, "expired");
        clock.advance(RETENTION.plusSeconds(1));
        Instant laterBefore = clock.instant().minusSeconds(1);
        revocations.revokeSubject(ISSUER, "alice");
        revocations.revokeSid(ISSUER, "sid-1");
        assertFalse(revocations.isLoggedOut(session(ISSUER, "expired", null, before, "id-1").revocationCheck()),
                "past its retention, the entry made room");
        assertTrue(revocations.isLoggedOut(session(ISSUER, "alice", null, laterBefore, "id-2").revocationCheck()));
        assertTrue(revocations.isLoggedOut(session(ISSUER, "bob", "sid-1", laterBefore, "id-3").revocationCheck()));
    }

    @Test
    void revocationRetentionWhenSessionsMayLiveLongerThanADayThenCoversSessionMaxAge() {
        // a session logged in just before the revocation can be presented until session-max-age after it (the
        // http-session store's inactivity is the container's, unknown here): its revocation must outlast that
        Duration maxAge = Duration.ofDays(7);
        SessionSettings settings = new SessionSettings(SessionStoreKind.HTTP_SESSION, SharedStateKind.LOCAL,
                List.of(), Duration.ofMinutes(30), maxAge, Duration.ofMinutes(10), 5, null, false);
        assertTrue(SharedStates.revocationRetention(settings).compareTo(maxAge) > 0,
                SharedStates.revocationRetention(settings).toString());
        SessionSettings shortLived = new SessionSettings(SessionStoreKind.COOKIE, SharedStateKind.LOCAL, List.of(),
                Duration.ofHours(20), Duration.ofHours(8), Duration.ofMinutes(10), 5, null, false);
        assertEquals(Duration.ofHours(40), SharedStates.revocationRetention(shortLived),
                "still twice the inactivity timeout when that is longer");
    }

    // --- refresh results -----------------------------------------------------------------------------------

    @Test
    void findWhenPublishedThenFoundUntilRetentionEnds() {
        LocalRefreshResults results = new LocalRefreshResults(clock, Duration.ofMinutes(2), 10);
        results.publish("id-1:hash", "sealed-session");
        assertEquals(Optional.of("sealed-session"), results.find("id-1:hash"));
        assertEquals(Optional.empty(), results.find("id-2:hash"));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.of("sealed-session"), results.find("id-1:hash"), "at the end of the retention");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), results.find("id-1:hash"));
    }

    @Test
    void publishWhenCapacityReachedThenBounded() {
        LocalRefreshResults results = new LocalRefreshResults(clock, Duration.ofMinutes(2), 2);
        IntStream.range(0, 5).forEach(i -> results.publish("k" + i, "v" + i));
        assertEquals(2, IntStream.range(0, 5).filter(i -> results.find("k" + i).isPresent()).count());
        assertEquals(Optional.of("v4"), results.find("k4"));
    }

    @Test
    void refreshResultsOfLocalSharedStateExpireAfterTheDocumentedRetention() {
        SharedState state = LocalSharedState.create(clock, RETENTION);
        state.refreshResults().publish("k", "v");
        clock.advance(SharedStates.REFRESH_RESULT_RETENTION);
        assertEquals(Optional.of("v"), state.refreshResults().find("k"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), state.refreshResults().find("k"));
    }

    // --- refresh locks -------------------------------------------------------------------------------------

    @Test
    @Timeout(10)
    void acquireWhenHeldElsewhereThenTimesOutAndAfterCloseSucceeds() throws Exception {
        LocalRefreshLocks locks = new LocalRefreshLocks();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            RefreshLocks.Lease lease = locks.acquire("session-1", Duration.ofSeconds(1)).orElseThrow();
            long started = System.nanoTime();
            Optional<RefreshLocks.Lease> second =
                    other.submit(() -> locks.acquire("session-1", Duration.ofMillis(200))).get(5, TimeUnit.SECONDS);
            assertTrue(second.isEmpty(), "held by the first request");
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150), "waited before giving up");

            lease.close();
            Optional<RefreshLocks.Lease> third = other.submit(() -> {
                Optional<RefreshLocks.Lease> l = locks.acquire("session-1", Duration.ofMillis(200));
                l.ifPresent(RefreshLocks.Lease::close);
                return l;
            }).get(5, TimeUnit.SECONDS);
            assertTrue(third.isPresent(), "released by close");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    @Timeout(10)
    void acquireWhenReleasedWhileWaitingThenTheWaiterGetsIt() throws Exception {
        LocalRefreshLocks locks = new LocalRefreshLocks();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            RefreshLocks.Lease lease = locks.acquire("session-1", Duration.ofSeconds(1)).orElseThrow();
            var waiting = other.submit(() -> {
                Optional<RefreshLocks.Lease> l = locks.acquire("session-1", Duration.ofSeconds(5));
                l.ifPresent(RefreshLocks.Lease::close);
                return l.isPresent();
            });
            Thread.sleep(100);
            lease.close();
            assertTrue(waiting.get(5, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    @Timeout(10)
    void acquireWhenAnotherSessionHoldsItsLockThenNotBlocked() throws Exception {
        LocalRefreshLocks locks = new LocalRefreshLocks();
        assertTrue(Math.floorMod("a".hashCode(), 1024) != Math.floorMod("b".hashCode(), 1024), "different stripes");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (RefreshLocks.Lease lease = locks.acquire("a", Duration.ofSeconds(1)).orElseThrow()) {
            assertTrue(other.submit(() -> {
                Optional<RefreshLocks.Lease> l = locks.acquire("b", Duration.ofMillis(100));
                l.ifPresent(RefreshLocks.Lease::close);
                return l.isPresent();
            }).get(5, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    // --- used states ---------------------------------------------------------------------------------------

    @Test
    void markUsedWhenMarkedTwiceThenFalseTheSecondTime() {
        LocalUsedStates used = new LocalUsedStates("test", 10, LocalUsedStates.WhenFull.REFUSE);
        Instant now = clock.instant();
        assertTrue(used.markUsed("state-1", now.plusSeconds(600), now));
        assertFalse(used.markUsed("state-1", now.plusSeconds(600), now), "a replay");
        assertTrue(used.markUsed("state-2", now.plusSeconds(600), now), "another state is independent");
    }

    @Test
    void markUsedWhenFullThenExpiredEntriesGoAndSizeStaysBounded() {
        LocalUsedStates used = new LocalUsedStates("test", 3, LocalUsedStates.WhenFull.REFUSE);
        Instant now = clock.instant();
        assertTrue(used.markUsed("expired-1", now.plusSeconds(1), now));
        assertTrue(used.markUsed("expired-2", now.plusSeconds(1), now));
        assertTrue(used.markUsed("live", now.plusSeconds(600), now));
        Instant later = now.plusSeconds(10);
        assertTrue(used.markUsed("new", later.plusSeconds(600), later), "full: the two expired entries go");
        // two entries left, so the checks below evict nothing
        assertFalse(used.markUsed("live", later.plusSeconds(600), later), "the live entry was kept");
        assertTrue(used.markUsed("expired-1", later.plusSeconds(600), later), "the expired entry was dropped");

    }

    @Test
    void markUsedWhenRefusingAndFullOfLiveEntriesThenNewOnesRefusedAndNoLiveOneForgotten() {
        // logout tokens: a flood must not push a live entry out, which would re-open its replay
        LocalUsedStates bounded = new LocalUsedStates("test", 2, LocalUsedStates.WhenFull.REFUSE);
        Instant now = clock.instant();
        assertTrue(bounded.markUsed("s0", now.plusSeconds(600), now));
        assertTrue(bounded.markUsed("s1", now.plusSeconds(600), now));
        for (int i = 2; i < 5; i++) {
            assertFalse(bounded.markUsed("s" + i, now.plusSeconds(600), now), "full of live entries: refused");
        }
        assertFalse(bounded.markUsed("s0", now.plusSeconds(600), now), "still known as used");
        assertFalse(bounded.markUsed("s1", now.plusSeconds(600), now), "still known as used");
        Instant later = now.plusSeconds(601);
        assertTrue(bounded.markUsed("s2", later.plusSeconds(600), later), "room again once they expire");
    }

    @Test
    void markUsedWhenForgettingAndFullOfLiveEntriesThenTheOneClosestToExpiryGoesNeverAnArbitraryOne() {
        // login states: refusing would let a flood lock every user out; the soonest-expiring entry is the least
        // valuable (its login is nearly over anyway), and a replay needs the single-use cookie and code besides
        LocalUsedStates bounded = new LocalUsedStates("test", 3, LocalUsedStates.WhenFull.FORGET_SOONEST_EXPIRING);
        Instant now = clock.instant();
        assertTrue(bounded.markUsed("late", now.plusSeconds(600), now));
        assertTrue(bounded.markUsed("soon", now.plusSeconds(60), now));
        assertTrue(bounded.markUsed("middle", now.plusSeconds(300), now));
        assertTrue(bounded.markUsed("new", now.plusSeconds(600), now), "full: the soonest-expiring entry goes");
        assertFalse(bounded.markUsed("late", now.plusSeconds(600), now), "kept");
        assertFalse(bounded.markUsed("middle", now.plusSeconds(300), now), "kept");
        assertFalse(bounded.markUsed("new", now.plusSeconds(600), now), "kept");
        assertTrue(bounded.markUsed("soon", now.plusSeconds(60), now), "the one closest to expiry was forgotten");
    }

    @Test
    void localSharedStateWhenLoginStatesFloodThenLogoutTokensAreAStoreOfTheirOwn() {
        SharedState state = LocalSharedState.create(clock, RETENTION);
        Instant now = clock.instant();
        assertTrue(state.usedLogoutTokens().markUsed("iss\u0000jti-1", now.plusSeconds(600), now));
        IntStream.range(0, 1000).forEach(i -> state.usedStates().markUsed("state-" + i, now.plusSeconds(600), now));
        assertFalse(state.usedLogoutTokens().markUsed("iss\u0000jti-1", now.plusSeconds(600), now),
                "the logout token is still known after a flood of login states");
        assertTrue(state.usedStates().markUsed("iss\u0000jti-2", now.plusSeconds(600), now));
        assertTrue(state.usedLogoutTokens().markUsed("iss\u0000jti-2", now.plusSeconds(600), now),
                "the stores are separate");
    }

    // --- the bundle ----------------------------------------------------------------------------------------

    @Test
    void localSharedStateWhenSessionRevokedThenTheSameInstanceAnswersForRevocationsAndUsedStates() {
        SharedState state = LocalSharedState.create(clock, RETENTION);
        assertTrue(state.revocations() == state.revocations(), "one revocation list per filter");
        state.revocations().revokeSession("id-1");
        assertTrue(state.revocations().isLoggedOut(sessionNow("alice", null, "id-1").revocationCheck()));
        Instant now = clock.instant();
        assertTrue(state.usedStates().markUsed("state-1", now.plusSeconds(600), now));
        assertFalse(state.usedStates().markUsed("state-1", now.plusSeconds(600), now));
        assertTrue(state.refreshLocks() == state.refreshLocks());
        state.close();
    }
}
