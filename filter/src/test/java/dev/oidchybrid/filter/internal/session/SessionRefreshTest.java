package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.cluster.LocalSharedState;
import dev.oidchybrid.filter.internal.cluster.RefreshLocks;
import dev.oidchybrid.filter.internal.cluster.SharedState;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.token.TokenRefresher;
import dev.oidchybrid.filter.internal.token.TokenRenewal;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.RecordingTelemetry;
import dev.oidchybrid.filter.testing.TestIdTokens;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SessionRefresh} with fakes: an in-memory request session, scripted refresh locks and a scripted token
 * renewal, so each decision (revoked, too old, not due, due without refresh token, single-flight, hand-over,
 * refused, provider down) is seen without a container or a provider.
 */
class SessionRefreshTest {

    private static final long NOW = 1_800_000_000L;
    private static final Duration MAX_AGE = Duration.ofHours(8);
    private static final SealingScope SCOPE = new SealingScope(TestIdTokens.ISSUER, TestIdTokens.CLIENT_ID, "");
    private static final OidcConfig CONFIG = OidcConfig.builder()
            .set(InitParam.ISSUER, TestIdTokens.ISSUER)
            .set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID)
            .build();
    private static final SessionFactory FACTORY = new SessionFactory(CONFIG.provider(), new RandomTokens(new SecureRandom()));
    private static final SessionCodec CODEC = new SessionCodec(
            SessionCodec.sealer(List.of("a-session-secret-that-is-long-enough-00"), SCOPE), SCOPE, FACTORY);

    private final MutableClock clock = MutableClock.at(NOW);
    private final SharedState local = LocalSharedState.create(clock, Duration.ofHours(24));
    private final FakeRenewal renewal = new FakeRenewal();
    private final FakeLocks locks = new FakeLocks();
    private final RecordingTelemetry telemetry = new RecordingTelemetry();
    private final SharedState shared = new SharedState(local.revocations(), locks, local.refreshResults(),
            local.usedStates(), local.usedLogoutTokens(), () -> { });

    private SessionRefresh refresh() {
        return new SessionRefresh(FACTORY, shared, CODEC, renewal, clock, Duration.ofSeconds(5), MAX_AGE, telemetry);
    }

    private static TokenSet tokens(String refreshToken, long expiresIn) {
        return new TokenSet(TestIdTokens.at(NOW).build(), "access-" + refreshToken, refreshToken, "Bearer",
                Instant.ofEpochSecond(NOW + expiresIn), "openid", Instant.ofEpochSecond(NOW));
    }

    private static OidcSession session(String refreshToken, long expiresIn, Instant loggedInAt) {
        return FACTORY.restore(tokens(refreshToken, expiresIn),
                Map.of("iss", TestIdTokens.ISSUER, "sub", "alice", "aud", TestIdTokens.CLIENT_ID), loggedInAt,
                "session-1");
    }

    private static OidcSession session(String refreshToken) {
        return session(refreshToken, 300, Instant.ofEpochSecond(NOW - 60));
    }

    @Test
    void currentWhenNoSessionThenEmptyAndNothingWritten() {
        InMemorySession store = new InMemorySession(null);
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(0, store.writes());
    }

    @Test
    void currentWhenNotDueThenTheLoadedSessionTouchedOnceAndNoRefresh() {
        OidcSession session = session("rt-1");
        InMemorySession store = new InMemorySession(session);
        assertSame(session, refresh().current(store).orElseThrow());
        assertEquals(1, store.touches);
        assertEquals(0, renewal.refreshes);
        assertEquals(0, locks.acquired.size(), "no lock is taken for a session that is not due");
    }

    @Test
    void currentWhenSessionRevokedThenEmptyAndStoreCleared() {
        InMemorySession store = new InMemorySession(session("rt-1"));
        shared.revocations().revokeSession("session-1");
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(1, store.clears);
        assertEquals(0, store.touches);
    }

    @Test
    void currentWhenLoggedInLongerThanMaxAgeThenEmptyAndStoreCleared() {
        InMemorySession store = new InMemorySession(session("rt-1", 300,
                Instant.ofEpochSecond(NOW).minus(MAX_AGE)));
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(1, store.clears);
    }

    @Test
    void currentWhenOneMillisecondShortOfMaxAgeThenKept() {
        InMemorySession store = new InMemorySession(session("rt-1", 300,
                Instant.ofEpochSecond(NOW).minus(MAX_AGE).plusMillis(1)));
        assertTrue(refresh().current(store).isPresent());
        assertEquals(0, store.clears);
    }

    @Test
    void currentWhenLoginTimeIsBeyondTheMillisecondRangeThenEndedFailingClosed() {
        // the per-request check counts in milliseconds: a login time it cannot subtract must not read as recent
        for (Instant far : List.of(Instant.MIN, Instant.ofEpochMilli(Long.MIN_VALUE),
                Instant.ofEpochMilli(Long.MIN_VALUE + 1000))) {
            InMemorySession store = new InMemorySession(session("rt-1", 300, far));
            assertEquals(Optional.empty(), refresh().current(store), far.toString());
            assertEquals(1, store.clears, far.toString());
        }
    }

    @Test
    void currentWhenMaxAgeIsBeyondTheMillisecondRangeThenARecentSessionIsKept() {
        InMemorySession store = new InMemorySession(session("rt-1"));
        SessionRefresh unbounded = new SessionRefresh(FACTORY, shared, CODEC, renewal, clock, Duration.ofSeconds(5),
                Duration.ofSeconds(Long.MAX_VALUE), telemetry);
        assertTrue(unbounded.current(store).isPresent());
    }

    @Test
    void currentWhenLoginTimeUnknownThenEndedFailingClosed() {
        InMemorySession store = new InMemorySession(session("rt-1", 300, null));
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(1, store.clears);
    }

    @Test
    void currentWhenDueWithoutRefreshTokenAndStillValidThenKeptAndTouched() {
        renewal.due = true;
        InMemorySession store = new InMemorySession(session(null));
        assertTrue(refresh().current(store).isPresent());
        assertEquals(1, store.touches);
        assertEquals(0, renewal.refreshes);
    }

    @Test
    void currentWhenExpiredWithoutRefreshTokenThenEndedAndCleared() {
        renewal.due = true;
        renewal.expired = true;
        InMemorySession store = new InMemorySession(session(null));
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(1, store.clears);
    }

    @Test
    void currentWhenDueThenRefreshedOnceUnderTheSessionsLockAndStoredAndPublished() {
        renewal.due = true;
        OidcSession before = session("rt-1");
        InMemorySession store = new InMemorySession(before);
        OidcSession after = refresh().current(store).orElseThrow();
        assertEquals(1, renewal.refreshes);
        assertEquals(List.of("refreshed:ok"), telemetry.events());
        assertEquals(List.of("session-1"), locks.acquired);
        assertEquals(1, locks.released);
        assertEquals("rt-2", after.tokens().refreshToken());
        assertEquals(List.of(after), store.updates);
        assertEquals("session-1", after.id(), "a refresh keeps the session id");
        String key = "session-1\u0000" + Sealer.sha256("rt-1");
        assertEquals("rt-2", shared.refreshResults().find(key).flatMap(CODEC::unseal).orElseThrow()
                .session().tokens().refreshToken(), "the result is published under the used refresh token");
    }

    @Test
    void currentWhenAnotherRequestRefreshedWhileWaitingThenItsResultIsTakenAndTheUsedTokenNeverSent() {
        renewal.due = true;
        OidcSession before = session("rt-1");
        OidcSession refreshedElsewhere = session("rt-9");
        // the request that held the lock published its result before releasing it
        locks.whileWaiting = () -> shared.refreshResults().publish("session-1\u0000" + Sealer.sha256("rt-1"),
                CODEC.seal(refreshedElsewhere, clock.instant()));
        InMemorySession store = new InMemorySession(before);
        OidcSession taken = refresh().current(store).orElseThrow();
        assertEquals("rt-9", taken.tokens().refreshToken());
        assertEquals(0, renewal.refreshes, "the used refresh token is not presented again");
        assertEquals(1, store.updates.size());
        assertEquals(List.of("refreshWaited:handed_over"), telemetry.events());
    }

    @Test
    void currentWhenTheStoreAlreadyHoldsAFreshSessionAfterTheLockThenNoSecondRefresh() {
        renewal.due = true;
        InMemorySession store = new InMemorySession(session("rt-1"));
        locks.whileWaiting = () -> {
            store.current = session("rt-2");
            renewal.due = false;
        };
        assertEquals("rt-2", refresh().current(store).orElseThrow().tokens().refreshToken());
        assertEquals(0, renewal.refreshes);
        assertEquals(1, store.touches);
        assertEquals(List.of("refreshWaited:reread"), telemetry.events());
    }

    @Test
    void currentWhenRevokedWhileWaitingForTheLockThenEndedWithoutRefresh() {
        renewal.due = true;
        InMemorySession store = new InMemorySession(session("rt-1"));
        locks.whileWaiting = () -> shared.revocations().revokeSession("session-1");
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(0, renewal.refreshes);
        assertEquals(1, store.clears);
        assertEquals(List.of("refreshWaited:session_ended"), telemetry.events());
    }

    @Test
    void currentWhenLockNotGotAndTokenStillValidThenCurrentSessionWithoutRefresh() {
        renewal.due = true;
        locks.grant = false;
        OidcSession session = session("rt-1");
        assertSame(session, refresh().current(new InMemorySession(session)).orElseThrow());
        assertEquals(0, renewal.refreshes);
        assertEquals(List.of("refreshWaited:timed_out"), telemetry.events());
    }

    @Test
    void currentWhenLockNotGotAndTokenExpiredThen503WithRetryAfter() {
        renewal.due = true;
        renewal.expired = true;
        locks.grant = false;
        OidcException e = assertThrows(OidcException.class,
                () -> refresh().current(new InMemorySession(session("rt-1"))));
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        assertEquals(SessionRefresh.RETRY_AFTER_SECONDS, e.retryAfterSeconds());
    }

    @Test
    void currentWhenRefreshRefusedThenSessionRevokedEverywhereAndCleared() {
        renewal.due = true;
        renewal.failure = () -> OidcException.providerError("invalid_grant", "refresh token revoked", "");
        InMemorySession store = new InMemorySession(session("rt-1"));
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(1, store.clears);
        assertTrue(shared.revocations().isLoggedOut(session("rt-1").revocationCheck()),
                "requests waiting on any node see the end instead of trying the refused token again");
        assertEquals(1, locks.released, "the lock is released after a refused refresh");
        assertEquals(List.of("refreshed:invalid_grant", "sessionsRevoked:refresh_refused"), telemetry.events());
    }

    @Test
    void currentWhenNewIdTokenRefusedThenSessionEnded() {
        renewal.due = true;
        renewal.failure = () -> new OidcException(ErrorCode.INVALID_ID_TOKEN, "sub changed", "");
        InMemorySession store = new InMemorySession(session("rt-1"));
        assertEquals(Optional.empty(), refresh().current(store));
        assertEquals(1, store.clears);
        assertEquals(List.of("refreshed:invalid_id_token", "sessionsRevoked:refresh_refused"), telemetry.events());
    }

    @Test
    void currentWhenProviderDownAndTokenStillValidThenCurrentSessionKept() {
        renewal.due = true;
        renewal.failure = () -> OidcException.unavailable("connection refused", 30, null);
        OidcSession session = session("rt-1");
        InMemorySession store = new InMemorySession(session);
        assertSame(session, refresh().current(store).orElseThrow());
        assertEquals(0, store.clears, "an unreachable provider ends no session");
        assertFalse(shared.revocations().isLoggedOut(session.revocationCheck()));
        assertEquals(List.of("refreshed:provider_down"), telemetry.events());
    }

    @Test
    void currentWhenProviderDownAndTokenExpiredThen503() {
        renewal.due = true;
        renewal.expired = true;
        renewal.failure = () -> OidcException.unavailable("connection refused", 30, null);
        InMemorySession store = new InMemorySession(session("rt-1"));
        OidcException e = assertThrows(OidcException.class, () -> refresh().current(store));
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        assertEquals(SessionRefresh.HOLD_OFF.toSeconds(), e.retryAfterSeconds(), "back when the next attempt is made");
        assertEquals(0, store.clears);
    }

    @Test
    void currentWhenARefreshJustFailedForTheProvidersSakeThenNoOtherIsSentUntilTheHoldOffEnds() {
        renewal.due = true;
        renewal.failure = () -> OidcException.unavailable("connection refused", 30, null);
        SessionRefresh refresh = refresh();
        refresh.current(new InMemorySession(session("rt-1")));
        assertEquals(1, renewal.refreshes);

        OidcSession other = session("rt-7");
        assertSame(other, refresh.current(new InMemorySession(other)).orElseThrow(), "served on its valid token");
        clock.advance(SessionRefresh.HOLD_OFF.minusMillis(1));
        refresh.current(new InMemorySession(session("rt-8")));
        assertEquals(1, renewal.refreshes, "a provider that is down gets no request per request");
        assertEquals(List.of("refreshed:provider_down", "refreshed:held_off", "refreshed:held_off"), telemetry.events());

        clock.advance(Duration.ofMillis(1));
        renewal.failure = null;
        refresh.current(new InMemorySession(session("rt-8")));
        assertEquals(2, renewal.refreshes, "after the hold-off the next due session tries again");
    }

    @Test
    void currentWhenHeldOffAndTheTokenHasExpiredThen503WithRetryAfterTheRestOfTheHoldOff() {
        renewal.due = true;
        renewal.failure = () -> new OidcException(ErrorCode.OP_TIMEOUT, "token endpoint timed out", "");
        SessionRefresh refresh = refresh();
        refresh.current(new InMemorySession(session("rt-1")));
        renewal.expired = true;
        clock.advance(Duration.ofSeconds(2));

        InMemorySession store = new InMemorySession(session("rt-2"));
        OidcException e = assertThrows(OidcException.class, () -> refresh.current(store));

        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        assertEquals(3, e.retryAfterSeconds());
        assertEquals(1, renewal.refreshes);
        assertEquals(0, store.clears, "the session is kept for when the provider is back");
    }

    @Test
    void currentWhenOneSessionsRefreshFailsForItsOwnReasonThenOtherSessionsStillRefresh() {
        renewal.due = true;
        // e.g. UserInfo refusing one account's new token: unusable for that user, says nothing of the provider
        renewal.failure = () -> new OidcException(ErrorCode.OP_BAD_RESPONSE, "UserInfo answered HTTP 403", "");
        SessionRefresh refresh = refresh();
        refresh.current(new InMemorySession(session("rt-1")));
        refresh.current(new InMemorySession(session("rt-1")));
        assertEquals(2, renewal.refreshes, "no hold-off: one account cannot keep the node's refreshes back");

        renewal.failure = null;
        refresh.current(new InMemorySession(session("rt-5")));
        assertEquals(3, renewal.refreshes);
        assertFalse(telemetry.events().contains("refreshed:held_off"), telemetry.events().toString());
    }

    @Test
    void currentWhenTheProviderRefusedARefreshThenOtherSessionsAreNotHeldOff() {
        renewal.due = true;
        renewal.failure = () -> OidcException.providerError("invalid_grant", "refresh token revoked", "");
        SessionRefresh refresh = refresh();
        refresh.current(new InMemorySession(session("rt-1")));

        renewal.failure = null;
        OidcSession another = FACTORY.restore(tokens("rt-5", 300), Map.of("iss", TestIdTokens.ISSUER, "sub", "bob",
                "aud", TestIdTokens.CLIENT_ID), Instant.ofEpochSecond(NOW - 60), "session-2");
        refresh.current(new InMemorySession(another));

        assertEquals(2, renewal.refreshes, "one user's revoked grant says nothing about the provider");
    }

    @Test
    void currentWhenProviderRefusesWithAnotherErrorThenCountedAsRefusedNotInvalidGrant() {
        renewal.due = true;
        renewal.failure = () -> OidcException.providerError("unauthorized_client", "client may not refresh", "");
        assertEquals(Optional.empty(), refresh().current(new InMemorySession(session("rt-1"))));
        assertEquals(List.of("refreshed:refused", "sessionsRevoked:refresh_refused"), telemetry.events());
    }

    @Test
    void currentWhenProviderAnswersUnusablyThenCountedAsFailedAndSessionKept() {
        renewal.due = true;
        renewal.failure = () -> new OidcException(ErrorCode.OP_BAD_RESPONSE, "not JSON", "");
        OidcSession session = session("rt-1");
        assertSame(session, refresh().current(new InMemorySession(session)).orElseThrow());
        assertEquals(List.of("refreshed:failed"), telemetry.events());
    }

    @Test
    void currentWhenNotDueThenNoTelemetryEvent() {
        refresh().current(new InMemorySession(session("rt-1")));
        assertEquals(List.of(), telemetry.events());
    }

    @Test
    void currentWhenInterruptedWhileWaitingThenInterruptKeptAndCurrentSessionWhileValid() {
        renewal.due = true;
        locks.interrupt = true;
        OidcSession session = session("rt-1");
        try {
            assertSame(session, refresh().current(new InMemorySession(session)).orElseThrow());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    /** A request's session held in memory, counting what the refresh did to it. */
    private static final class InMemorySession implements RequestSession {
        OidcSession current;
        int touches;
        int clears;
        final List<OidcSession> updates = new ArrayList<>();

        InMemorySession(OidcSession current) {
            this.current = current;
        }

        int writes() {
            return touches + clears + updates.size();
        }

        @Override
        public Optional<LoadedSession> load() {
            return Optional.ofNullable(current).map(s -> new LoadedSession(s, null));
        }

        @Override
        public void touch(LoadedSession loaded) {
            touches++;
        }

        @Override
        public void saveNewLogin(OidcSession session) {
            throw new AssertionError("a refresh never creates a session");
        }

        @Override
        public void update(OidcSession session) {
            updates.add(session);
            current = session;
        }

        @Override
        public void clear() {
            clears++;
            current = null;
        }
    }

    /** Scripted renewal: due / expired as set; a refresh rotates rt-N to rt-N+1, or fails as set. */
    private static final class FakeRenewal implements TokenRenewal {
        boolean due;
        boolean expired;
        Supplier<OidcException> failure;
        int refreshes;

        @Override
        public boolean isDue(TokenSet tokens) {
            return due;
        }

        @Override
        public boolean isExpired(TokenSet tokens) {
            return expired;
        }

        @Override
        public TokenRefresher.Refreshed refresh(TokenSet current, String subject, Map<String, Object> claims) {
            refreshes++;
            if (failure != null) {
                throw failure.get();
            }
            int n = Integer.parseInt(current.refreshToken().substring(3)) + 1;
            return new TokenRefresher.Refreshed(tokens("rt-" + n, 300), null);
        }
    }

    /** Scripted locks: granted or not, with what happens meanwhile (another request's work), or interrupted. */
    private static final class FakeLocks implements RefreshLocks {
        boolean grant = true;
        boolean interrupt;
        Runnable whileWaiting = () -> { };
        final List<String> acquired = new ArrayList<>();
        int released;

        @Override
        public Optional<Lease> acquire(String sessionId, Duration wait) throws InterruptedException {
            if (interrupt) {
                throw new InterruptedException();
            }
            whileWaiting.run();
            if (!grant) {
                return Optional.empty();
            }
            acquired.add(sessionId);
            return Optional.of(() -> released++);
        }
    }
}
