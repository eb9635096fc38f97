package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code session-store=cookie}: the whole session, sealed by {@link SessionCodec} (JWE, AES-256-GCM with a
 * key from {@code cookie-keys}), in the browser, split over cookies {@code oidc_session_0},
 * {@code oidc_session_1}, ... of at most {@value #CHUNK} characters each (browsers keep at most 4096 bytes of
 * name and value per cookie). No server state: any node with the same keys reads it. The sealed value carries
 * when the session was last seen; a session unseen for {@code session-timeout} is refused, and the value is
 * sealed again when that time (kept to the minute) is two minutes old. Logout expires the cookies and
 * revokes the session id (see {@link #clear}), since a copy of the old cookie would otherwise still be valid.
 * The value a browser sends again is not unsealed again for a while ({@link UnsealedSessions}).
 */
public final class CookieSessionStore implements SessionStore {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    public static final String PREFIX = "oidc_session_";
    static final int CHUNK = 3900;
    static final int MAX_CHUNKS = 8;
    static final long TOUCH_SECONDS = 60;
    /** Sealed sessions above this size risk common 8 KB header limits (told once). */
    static final int LARGE = 6000;
    private final java.util.concurrent.atomic.AtomicBoolean largeWarned = new java.util.concurrent.atomic.AtomicBoolean();

    private final SessionCodec codec;
    private final Clock clock;
    private final Duration timeout;
    private final Consumer<String> revokeSession;
    private final UnsealedSessions unsealed;

    /**
     * @param revokeSession records a session id as ended (the revocation list every request is checked against)
     */
    public CookieSessionStore(SessionCodec codec, Clock clock, Duration timeout, Consumer<String> revokeSession) {
        this.codec = codec;
        this.clock = clock;
        this.timeout = timeout;
        this.revokeSession = revokeSession;
        this.unsealed = new UnsealedSessions(clock);
    }

    @Override
    public Optional<LoadedSession> load(CookieJar cookies) {
        Optional<LoadedSession> decoded = read(cookies);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant seen = decoded.get().seen();
        // seen is kept to the minute: a session ends between session-timeout and a minute more after its last use
        if (seen == null || now.isAfter(seen.plus(timeout).plusSeconds(60))) {
            expireAll(cookies, 0);
            return Optional.empty();
        }
        return decoded;
    }

    @Override
    public void touch(CookieJar cookies, LoadedSession loaded) {
        Instant seen = loaded.seen();
        if (seen != null && clock.instant().getEpochSecond() - seen.getEpochSecond()
                >= Math.min(2 * TOUCH_SECONDS, timeout.toSeconds() / 2)) {
            write(cookies, loaded.session());
        }
    }

    @Override
    public void saveNewLogin(CookieJar cookies, OidcSession session) {
        write(cookies, session);
    }

    @Override
    public void update(CookieJar cookies, OidcSession session) {
        write(cookies, session);
    }

    @Override
    public void clear(CookieJar cookies) {
        read(cookies).ifPresent(d -> revokeSession.accept(d.session().id()));
        String sealed = sealed(cookies);
        if (!sealed.isEmpty()) {
            unsealed.forget(sealed);
        }
        expireAll(cookies, 0);
    }

    private Optional<LoadedSession> read(CookieJar cookies) {
        String sealed = sealed(cookies);
        // seen is kept to the minute: load() accepts a session until a minute past its timeout
        return sealed.isEmpty() ? Optional.empty() : unsealed.unseal(sealed, codec::unseal,
                loaded -> loaded.seen() == null ? null : loaded.seen().plus(timeout).plusSeconds(60));
    }

    private static String sealed(CookieJar cookies) {
        StringBuilder sealed = new StringBuilder();
        for (int i = 0; i < MAX_CHUNKS; i++) {
            String chunk = cookies.read(PREFIX + i);
            if (chunk == null) {
                break;
            }
            sealed.append(chunk);
        }
        return sealed.toString();
    }

    private void write(CookieJar cookies, OidcSession session) {
        String sealed = codec.seal(session, clock.instant());
        int chunks = (sealed.length() + CHUNK - 1) / CHUNK;
        if (chunks > MAX_CHUNKS) {
            LOG.log(System.Logger.Level.ERROR, "OIDC session of subject {0} is {1} characters sealed, more than the "
                    + "cookie store holds ({2} cookies of {3}): use session-store=jcache or http-session, or ask the "
                    + "provider for smaller tokens", session.principal().subject(), sealed.length(), MAX_CHUNKS, CHUNK);
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "session too large for the cookie store", "");
        }
        if (sealed.length() > LARGE && largeWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "OIDC cookie store: a session takes {0} characters of cookies; many "
                    + "servers and proxies refuse request or response headers over 8 KB in all: raise their header "
                    + "size limits or use session-store=jcache", sealed.length());
        }
        for (int i = 0; i < chunks; i++) {
            cookies.set(PREFIX + i, sealed.substring(i * CHUNK, Math.min(sealed.length(), (i + 1) * CHUNK)));
        }
        expireAll(cookies, chunks);
    }

    /** Expires the chunk cookies the browser sent from index {@code from} on. */
    private static void expireAll(CookieJar cookies, int from) {
        for (int i = from; i < MAX_CHUNKS; i++) {
            if (cookies.read(PREFIX + i) != null) {
                cookies.expire(PREFIX + i);
            }
        }
    }
}
