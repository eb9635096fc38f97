package dev.oidchybrid.filter.session;

import dev.oidchybrid.filter.token.LogoutTokenValidator.LogoutRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers back-channel logouts so that every matching session ends on its next request, wherever it is
 * stored: a logout for a {@code sid} ends that provider session; a logout for a {@code sub} alone ends every
 * session of that user that began before it. Entries are kept for {@code retention} (longer than any session
 * should live without a refresh) and bounded in number.
 */
public final class LogoutRegistry {

    private final Map<String, Instant> logouts = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;
    private final int capacity;

    public LogoutRegistry(Clock clock, Duration retention, int capacity) {
        this.clock = clock;
        this.retention = retention;
        this.capacity = capacity;
    }

    public void record(LogoutRequest request) {
        Instant now = clock.instant();
        if (logouts.size() >= capacity) {
            logouts.values().removeIf(at -> at.plus(retention).isBefore(now));
        }
        if (request.sid() != null) {
            logouts.put(key("sid", request.issuer(), request.sid()), now);
        } else {
            logouts.put(key("sub", request.issuer(), request.subject()), now);
        }
    }

    /** Whether a back-channel logout has ended this session. */
    public boolean isLoggedOut(OidcSession session) {
        String issuer = session.principal().issuer();
        Object sid = session.claims().get("sid");
        if (sid instanceof String s && logouts.containsKey(key("sid", issuer, s))) {
            return true;
        }
        Instant subjectLogout = logouts.get(key("sub", issuer, session.principal().subject()));
        return subjectLogout != null && session.loggedInAt() != null && !session.loggedInAt().isAfter(subjectLogout);
    }

    private static String key(String kind, String issuer, String value) {
        return kind + '\u0000' + issuer + '\u0000' + value;
    }
}
