package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.cluster.JCacheSharedState;
import dev.oidchybrid.filter.internal.cluster.NearCache;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.crypto.Sealer;

import javax.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code session-store=jcache}: sessions in the JCache cluster's {@code <prefix>sessions} cache, sealed by
 * {@link SessionCodec} (a cache dump shows no token), expiring after {@code session-timeout} without use. The
 * browser holds only a random 256-bit handle in the HttpOnly cookie {@value #COOKIE}; the cache key is the
 * SHA-256 of the handle and the filter's scope, so the keys in the cache cannot be replayed as cookies. A login always gets a new handle
 * and removes the old entry; a refresh replaces the entry only if it still exists, so a logout on another node
 * is never undone. Reads go through this node's {@link NearCache}: a logout, revocation or refresh on another
 * node reaches it as the cluster's change event, so the next request here reads the cluster again.
 */
public final class JCacheSessionStore implements SessionStore {

    public static final String COOKIE = "oidc_handle";

    private final Cache<Object, Object> cache;
    private final NearCache read;
    private final SessionCodec codec;
    private final RandomTokens random;
    private final Clock clock;
    private final UnsealedSessions unsealed;

    public JCacheSessionStore(JCacheSharedState shared, SessionCodec codec, RandomTokens random, Clock clock,
                              Duration timeout) {
        this.cache = shared.sessionCache(timeout);
        this.read = shared.sessionsRead(cache);
        this.codec = codec;
        this.random = random;
        this.clock = clock;
        this.unsealed = new UnsealedSessions(clock);
    }

    @Override
    public Optional<LoadedSession> load(CookieJar cookies) {
        String handle = handle(cookies);
        if (handle == null) {
            return Optional.empty();
        }
        String key = key(handle);
        Object sealed = JCacheSharedState.call(() -> read.get(key));
        if (!(sealed instanceof String s)) {
            return Optional.empty();
        }
        // the value as the cluster last reported it (a change on another node drops this node's copy); only the
        // unsealing of a value seen lately is skipped
        return unsealed.unseal(s, codec::unseal, loaded -> null).map(loaded -> new LoadedSession(loaded.session(),
                null));
    }

    @Override
    public void saveNewLogin(CookieJar cookies, OidcSession session) {
        String old = handle(cookies);
        if (old != null) {
            String oldKey = key(old);
            JCacheSharedState.run(() -> cache.remove(oldKey));
            read.invalidate(oldKey);
        }
        String handle = random.next();
        String sealed = codec.seal(session, clock.instant());
        String key = key(handle);
        JCacheSharedState.run(() -> cache.put(key, sealed));
        read.invalidate(key);
        cookies.set(COOKIE, handle);
    }

    @Override
    public void update(CookieJar cookies, OidcSession session) {
        String handle = handle(cookies);
        if (handle != null) {
            String sealed = codec.seal(session, clock.instant());
            String key = key(handle);
            JCacheSharedState.run(() -> cache.replace(key, sealed));
            read.invalidate(key);
        }
    }

    @Override
    public void clear(CookieJar cookies) {
        String handle = handle(cookies);
        if (handle != null) {
            String key = key(handle);
            JCacheSharedState.run(() -> cache.remove(key));
            read.invalidate(key);
            cookies.expire(COOKIE);
        }
    }

    /**
     * The cache key of a handle: its SHA-256 together with this filter's scope, so one application's handle (a
     * {@code Path=/} cookie reaches every application of the host) never finds, replaces or removes another's.
     */
    private String key(String handle) {
        return Sealer.sha256(codec.scope().label("session-handle") + "\u0000" + handle);
    }

    private static String handle(CookieJar cookies) {
        String value = cookies.read(COOKIE);
        // a handle is 43 base64url characters; anything else is not one of ours
        return value != null && value.length() == 43 ? value : null;
    }
}
