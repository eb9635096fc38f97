package dev.oidchybrid.filter.internal.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names and paths of the cookies the filter sets. On a secure request (https, or what {@code base-url} and
 * trusted forwarded headers say) every cookie is a {@code __Host-} cookie (RFC 6265bis §4.1.3.2): Secure,
 * {@code Path=/}, no {@code Domain}, so neither a sibling subdomain nor an active attacker on an http page of the
 * same host can plant one (cookie tossing: planting an attacker's login state or session to log the victim in as
 * the attacker). {@code Path=/} reaches every application of the host, so the name carries a tag of the context
 * path; the names are stable for a deployment, so logins in flight survive a rolling restart. On plain http, where
 * no prefix is possible, the plain name with the context path as {@code Path}.
 */
public final class CookieNames {

    static final String HOST_PREFIX = "__Host-";
    private static final Map<String, String> TAGS = new ConcurrentHashMap<>();

    private CookieNames() {
    }

    /**
     * The name of the cookie {@code base} for an application at {@code contextPath}, the application's own
     * ({@code ServletContext.getContextPath()}), not the request's spelling of it.
     */
    public static String name(String base, String contextPath, boolean secure) {
        return secure ? HOST_PREFIX + base + tag(contextPath) : base;
    }

    /** The path of the filter's cookies: {@code /} for {@code __Host-} cookies, else the context path. */
    public static String path(String contextPath, boolean secure) {
        return secure || contextPath.isEmpty() ? "/" : contextPath;
    }

    /** "" for the root application, else a short tag of the context path (so applications of a host differ). */
    private static String tag(String contextPath) {
        if (contextPath.isEmpty()) {
            return "";
        }
        String known = TAGS.get(contextPath);
        if (known != null) {
            return known;
        }
        String tag;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(contextPath.getBytes(StandardCharsets.UTF_8));
            tag = "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (TAGS.size() < 64) { // one entry per deployed application
            TAGS.put(contextPath, tag);
        }
        return tag;
    }
}
