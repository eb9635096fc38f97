package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pushed authorization requests (RFC 9126) waiting for the browser: the parameters the
 * {@linkplain ParEndpoint PAR endpoint} validated, under a random {@code request_uri}
 * ({@value #URN_PREFIX}...), bound to the client that pushed them, usable once and only until they expire.
 *
 * <p>At the authorization endpoint the browser brings only {@code client_id} and {@code request_uri} (RFC 9126,
 * 4); any other parameter must repeat the pushed value exactly, so nothing in the URL can contradict what the
 * client pushed. Synchronized.
 */
final class PushedRequestStore {

    /** The prefix of every {@code request_uri} (RFC 9126, 2.2). */
    static final String URN_PREFIX = "urn:ietf:params:oauth:request_uri:";

    /** How long a forgotten entry is kept to tell "used" or "expired" from "unknown". */
    private static final Duration MEMORY = Duration.ofMinutes(10);

    /** What the authorization endpoint does with a request that names a {@code request_uri}. */
    sealed interface Resolution permits Resolved, Unusable {
    }

    /** The pushed parameters, to validate as the authorization request, and whether they came signed (RFC 9101). */
    record Resolved(Params params, boolean signed) implements Resolution {
    }

    /** The request cannot be served: show {@code message} on a 400 page (no redirect URI can be trusted). */
    record Unusable(String message) implements Resolution {
    }

    private record Entry(String clientId, Params params, Instant expiresAt, boolean used, boolean signed) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private Instant lastPrune;

    PushedRequestStore(Clock clock) {
        this.clock = clock;
    }

    /** Keeps {@code params} for {@code clientId} for {@code lifetime}; returns the {@code request_uri}. */
    synchronized String push(String clientId, Params params, Duration lifetime) {
        return push(clientId, params, lifetime, false);
    }

    /** As {@link #push(String, Params, Duration)}; {@code signed}: the parameters came in a verified request object. */
    synchronized String push(String clientId, Params params, Duration lifetime, boolean signed) {
        Instant now = clock.instant();
        // pruned at most once a second: a scan per push would make a login loop quadratic in its length
        if (lastPrune == null || !now.isBefore(lastPrune.plusSeconds(1)) || now.isBefore(lastPrune)) {
            entries.values().removeIf(entry -> entry.expiresAt().plus(MEMORY).isBefore(now));
            lastPrune = now;
        }
        String requestUri = URN_PREFIX + Secrets.randomToken();
        entries.put(requestUri, new Entry(clientId, params, now.plus(lifetime), false, signed));
        return requestUri;
    }

    /**
     * Resolves the authorization request {@code front} (which has a {@code request_uri}), spending the pushed
     * request when it is usable.
     */
    synchronized Resolution resolve(Params front) {
        if (!front.repeatedNames().isEmpty()) {
            return new Unusable("The request repeats parameters: " + front.repeatedNames());
        }
        String clientId = front.get("client_id");
        if (clientId == null) {
            return new Unusable("A request with request_uri needs the client_id too (RFC 9126, 4).");
        }
        Entry entry = entries.get(front.get("request_uri"));
        if (entry == null) {
            return new Unusable("Unknown request_uri: it was never pushed to this provider.");
        }
        if (!entry.clientId().equals(clientId)) {
            return new Unusable("The request_uri was pushed by another client than " + clientId + ".");
        }
        if (entry.used()) {
            return new Unusable("The request_uri was used before; it is good for one authorization request only.");
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            return new Unusable("The request_uri expired; the client must push its request again.");
        }
        for (String name : front.names()) {
            if (!name.equals("request_uri") && front.has(name)
                    && !Objects.equals(front.get(name), entry.params().get(name))) {
                return new Unusable("The parameter " + name + " contradicts the pushed authorization request.");
            }
        }
        entries.put(front.get("request_uri"), new Entry(entry.clientId(), entry.params(), entry.expiresAt(), true,
                entry.signed()));
        return new Resolved(entry.params(), entry.signed());
    }
}
