package dev.oidchybrid.filter.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where logins and sessions live and how long: the session store, the shared state of a cluster, the keys
 * that seal cookies, and the lifetimes of sessions and of logins in progress.
 *
 * @param store            where logged-in sessions live
 * @param sharedState      where revocations, refresh locks and used login states live
 * @param cookieKeys       the sealing secrets, the first one seals; empty when a random key must be generated
 * @param timeout          inactivity after which a {@code cookie} or {@code jcache} session ends
 * @param maxAge           how long a session lives at most after its login, however active (absolute lifetime)
 * @param loginTimeout     how long a started login may take before its callback is refused
 * @param maxPendingLogins most login-state cookies one browser keeps
 * @param jcache           the JCache cluster, used with {@code jcache} store or shared state
 * @param preservePost     whether and up to what size a form posted without a session is kept across the login
 */
public record SessionSettings(SessionStoreKind store, SharedStateKind sharedState, List<String> cookieKeys,
                              Duration timeout, Duration maxAge, Duration loginTimeout, int maxPendingLogins,
                              JCacheSettings jcache, boolean containerAuth, PreservePost preservePost) {

    /** The shortest cookie key: 32 characters, as {@code openssl rand -base64 32} gives more. */
    private static final int MIN_KEY_LENGTH = 32;

    /**
     * {@code preserve-post}: whether a form posted to a protected page without a session is kept across the login.
     *
     * @param enabled  whether forms are kept at all
     * @param maxBytes the largest body kept, as posted (URL-encoded)
     */
    public record PreservePost(boolean enabled, int maxBytes) {

        /** The hard upper bound of {@code preserve-post-max-bytes}: the form travels in a cookie. */
        public static final int MAX_BYTES = 2048;
        public static final PreservePost OFF = new PreservePost(false, 1024);
    }

    public SessionSettings {
        cookieKeys = List.copyOf(cookieKeys);
        preservePost = preservePost == null ? PreservePost.OFF : preservePost;
    }

    /** Settings without {@code preserve-post}. */
    public SessionSettings(SessionStoreKind store, SharedStateKind sharedState, List<String> cookieKeys,
                           Duration timeout, Duration maxAge, Duration loginTimeout, int maxPendingLogins,
                           JCacheSettings jcache, boolean containerAuth) {
        this(store, sharedState, cookieKeys, timeout, maxAge, loginTimeout, maxPendingLogins, jcache, containerAuth,
                PreservePost.OFF);
    }

    /** Never the keys: a settings value may end up in a log line. */
    @Override
    public String toString() {
        return "SessionSettings[store=" + store + ", sharedState=" + sharedState + ", cookieKeys=(" + cookieKeys.size()
                + " set), timeout=" + timeout + ", maxAge=" + maxAge + ", loginTimeout=" + loginTimeout
                + ", maxPendingLogins=" + maxPendingLogins + ", jcache=" + jcache + ", containerAuth=" + containerAuth + ", preservePost=" + preservePost + "]";
    }

    /** @param bearerMode whether the filter protects an API: it then seals nothing and needs no cookie keys */
    static SessionSettings parse(ParamReader reader, boolean bearerMode) {
        List<String> cookieKeys = parseCookieKeys(reader);
        SessionStoreKind store = reader.choice(InitParam.SESSION_STORE, SessionStoreKind::parse,
                "must be http-session, cookie or jcache");
        SharedStateKind sharedState = parseSharedState(reader, store);
        JCacheSettings jcache = JCacheSettings.parse(reader);
        Duration timeout = reader.seconds(InitParam.SESSION_TIMEOUT, 120, 30L * 86_400);
        Duration maxAge = reader.seconds(InitParam.SESSION_MAX_AGE, 300, 90L * 86_400);
        boolean clustered = store != null && store != SessionStoreKind.HTTP_SESSION
                || sharedState == SharedStateKind.JCACHE;
        if (clustered && !bearerMode && cookieKeys.isEmpty()) {
            reader.problem(InitParam.COOKIE_KEYS, "is required with " + InitParam.SESSION_STORE.paramName() + "="
                    + reader.value(InitParam.SESSION_STORE) + (sharedState == SharedStateKind.JCACHE
                    ? " and " + InitParam.SHARED_STATE.paramName() + "=" + SharedStateKind.JCACHE.paramValue() : "")
                    + ": every node must seal and unseal sessions and login state with the same secret "
                    + "(generate one with: openssl rand -base64 32)");
        }
        Duration loginTimeout = reader.seconds(InitParam.LOGIN_TIMEOUT, 30, 86_400);
        int maxPendingLogins = reader.boundedInt(InitParam.MAX_PENDING_LOGINS, 1, 20);
        boolean containerAuth = reader.bool(InitParam.CONTAINER_AUTH);
        if (containerAuth && bearerMode) {
            reader.problem(InitParam.CONTAINER_AUTH, "is for session mode: in bearer mode the application's API "
                    + "reads the caller from the filter (getUserPrincipal, isUserInRole)");
        }
        boolean preserve = reader.bool(InitParam.PRESERVE_POST);
        int preserveMaxBytes = reader.boundedInt(InitParam.PRESERVE_POST_MAX_BYTES, 1, PreservePost.MAX_BYTES);
        if (preserve && bearerMode) {
            reader.problem(InitParam.PRESERVE_POST, "is for session mode: in bearer mode nothing logs in, so there "
                    + "is no login to keep a form across");
        }
        return new SessionSettings(store, sharedState, cookieKeys, timeout, maxAge, loginTimeout, maxPendingLogins,
                jcache, containerAuth, new PreservePost(preserve, preserveMaxBytes));
    }

    private static List<String> parseCookieKeys(ParamReader reader) {
        List<String> keys = new ArrayList<>();
        for (String key : reader.commaList(InitParam.COOKIE_KEYS)) {
            if (key.length() < MIN_KEY_LENGTH) {
                reader.problem(InitParam.COOKIE_KEYS, "entry " + (keys.size() + 1) + " is shorter than "
                        + MIN_KEY_LENGTH + " characters");
            }
            keys.add(key);
        }
        return keys;
    }

    /** Default: {@code jcache} with the {@code jcache} store (a logout must hold on every node), else local. */
    private static SharedStateKind parseSharedState(ParamReader reader, SessionStoreKind store) {
        if (reader.value(InitParam.SHARED_STATE) == null) {
            return store == SessionStoreKind.JCACHE ? SharedStateKind.JCACHE : SharedStateKind.LOCAL;
        }
        SharedStateKind sharedState = reader.choice(InitParam.SHARED_STATE, SharedStateKind::parse,
                "must be local or jcache");
        if (sharedState == SharedStateKind.LOCAL && store == SessionStoreKind.JCACHE) {
            reader.problem(InitParam.SHARED_STATE, "must be jcache with " + InitParam.SESSION_STORE.paramName()
                    + "=jcache (a logout or refresh on one node would otherwise not hold on the others)");
        }
        return sharedState;
    }
}
