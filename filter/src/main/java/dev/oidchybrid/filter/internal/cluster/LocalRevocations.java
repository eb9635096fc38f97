package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.token.LogoutTokenValidator.LogoutRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Revocations} in this node's memory. Entries are kept for {@code retention} (longer than any session
 * lives without being seen) and bounded in number, the oldest going first when full.
 */
public final class LocalRevocations implements Revocations {

    private final Map<String, Instant> logouts = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;
    private final int capacity;

    public LocalRevocations(Clock clock, Duration retention, int capacity) {
        this.clock = clock;
        this.retention = retention;
        this.capacity = capacity;
    }

    @Override
    public void record(LogoutRequest request) {
        if (request.sid() != null) {
            put(Revocations.sidKey(request.issuer(), request.sid()));
            if (request.subject() != null) {
                put(Revocations.subWithoutSidKey(request.issuer(), request.subject()));
            }
        } else {
            put(Revocations.subKey(request.issuer(), request.subject()));
        }
    }

    @Override
    public void revokeSubject(String issuer, String subject) {
        put(Revocations.subKey(issuer, subject));
    }

    @Override
    public void revokeSid(String issuer, String sid) {
        put(Revocations.sidBeforeKey(issuer, sid));
    }

    @Override
    public void revokeSession(String sessionId) {
        put(Revocations.sessionKey(sessionId));
    }

    /**
     * Records a logout; when full, expired entries go first, then the oldest (the one closest to expiring, and
     * so the least likely to meet a session still alive), never an arbitrary one.
     */
    private synchronized void put(String key) {
        Instant now = clock.instant();
        // a key recorded again (the same logout repeated) only moves its time: it must not push another out
        if (logouts.size() >= capacity && !logouts.containsKey(key)) {
            logouts.values().removeIf(at -> at.plus(retention).isBefore(now));
            while (logouts.size() >= capacity) {
                logouts.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> logouts.remove(oldest.getKey()));
            }
        }
        logouts.put(key, now);
    }

    @Override
    public boolean isLoggedOut(RevocationCheck session) {
        if (logouts.isEmpty()) {
            return false;
        }
        String issuer = session.issuer();
        String sid = session.sid();
        if (sid != null && logouts.containsKey(Revocations.sidKey(issuer, sid))) {
            return true;
        }
        if (sid != null && loggedOutBefore(session, logouts.get(Revocations.sidBeforeKey(issuer, sid)))) {
            return true;
        }
        if (sid == null && loggedOutBefore(session,
                logouts.get(Revocations.subWithoutSidKey(issuer, session.subject())))) {
            return true;
        }
        if (session.sessionId() != null && logouts.containsKey(Revocations.sessionKey(session.sessionId()))) {
            return true;
        }
        return loggedOutBefore(session, logouts.get(Revocations.subKey(issuer, session.subject())));
    }

    private static boolean loggedOutBefore(RevocationCheck session, Instant logout) {
        return logout != null && session.loggedInAt() != null && !session.loggedInAt().isAfter(logout);
    }
}
