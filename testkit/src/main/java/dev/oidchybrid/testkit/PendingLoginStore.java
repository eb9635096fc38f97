package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization requests waiting for the user to sign in, under a random id that the login form carries as the
 * hidden {@code login_request} field. Keeping the request server-side means the form cannot tamper with it, and
 * the unguessable id doubles as the form's CSRF token.
 */
final class PendingLoginStore {

    /** How long the login page stays usable. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private record Pending(AuthorizationRequest request, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    PendingLoginStore(Clock clock) {
        this.clock = clock;
    }

    /** Keeps {@code request}; returns its id. */
    String add(AuthorizationRequest request) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
        String id = Secrets.randomToken();
        pending.put(id, new Pending(request, now.plus(LIFETIME)));
        return id;
    }

    /** The request under {@code id}, or null when unknown or expired. */
    AuthorizationRequest find(String id) {
        Pending found = id == null ? null : pending.get(id);
        return found == null || found.expiresAt().isBefore(clock.instant()) ? null : found.request();
    }

    /** Forgets {@code id} (after login or cancel). */
    void remove(String id) {
        pending.remove(id);
    }
}
