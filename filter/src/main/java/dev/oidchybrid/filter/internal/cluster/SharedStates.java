package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.SessionStoreKind;
import dev.oidchybrid.filter.internal.config.SharedStateKind;
import dev.oidchybrid.filter.internal.flow.RandomTokens;
import dev.oidchybrid.filter.internal.session.CookieSessionStore;
import dev.oidchybrid.filter.internal.session.HttpSessionStore;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import dev.oidchybrid.filter.internal.session.SessionStore;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Builds the {@code session-store} and {@code shared-state} a configuration asks for. JCache classes are only
 * touched when JCache is configured, so the JCache API is needed on the class path only then.
 */
public final class SharedStates {

    /** How long a refresh result waits for the requests that queued behind the refresh. */
    public static final Duration REFRESH_RESULT_RETENTION = Duration.ofMinutes(2);

    /** The session store and the shared state it is used with. */
    public record Wiring(SessionStore store, SharedState shared) {
    }

    private SharedStates() {
    }

    /**
     * @param lease the longest a refresh may hold its session's lock
     * @throws OidcException {@code invalid_configuration} when JCache is configured but cannot be opened
     */
    public static Wiring create(OidcConfig config, Clock clock, SessionCodec codec, RandomTokens random,
                                Predicate<HttpServletRequest> secure, Duration lease) {
        Duration revocationRetention = max(Duration.ofHours(24), config.sessionTimeout().multipliedBy(2));
        SharedState shared;
        if (config.sharedState() == SharedStateKind.JCACHE && !config.bearerMode()) {
            requireJCacheApi();
            shared = new JCacheSharedState(settings(config), clock, lease, revocationRetention,
                    config.loginTimeout().plus(LogoutTokenValidator.MAX_AGE).plusMinutes(10));
        } else {
            shared = new LocalSharedState(clock, revocationRetention);
        }
        SessionStoreKind kind = config.bearerMode() ? SessionStoreKind.HTTP_SESSION : config.sessionStore();
        SessionStore store = switch (kind) {
            case HTTP_SESSION -> new HttpSessionStore(codec.scope());
            case COOKIE -> new CookieSessionStore(codec, secure, clock, config.sessionTimeout(),
                    shared.revocations()::revokeSession);
            case JCACHE -> new JCacheSessionStore((JCacheSharedState) shared, settings(config), codec, random, clock,
                    config.sessionTimeout(), secure);
        };
        return new Wiring(store, shared);
    }

    private static JCacheSharedState.JCacheSettings settings(OidcConfig config) {
        return new JCacheSharedState.JCacheSettings(config.jcacheProvider(), config.jcacheUri(),
                config.jcacheProperties(), config.jcachePrefix());
    }

    private static void requireJCacheApi() {
        try {
            Class.forName("javax.cache.Caching", false, SharedStates.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "session-store=jcache / shared-state=jcache need "
                    + "the JCache API (javax.cache:cache-api) and a provider (Infinispan, Hazelcast, Ehcache, ...) on "
                    + "the class path of the application or the server", "");
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
