package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.flow.PendingLoginSealer;
import dev.oidchybrid.filter.internal.session.CookieNames;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pending-login cookies: one per login in progress, named after a hash of its state so that several tabs
 * can log in at once and the callback finds its own. Always {@code HttpOnly}. On https the cookie is
 * {@code Secure; SameSite=None}, so the cross-site form_post callback carries it, and a fallback copy without
 * a SameSite attribute is set beside it for browsers that reject or mistreat {@code SameSite=None} (they send
 * the fallback instead). On plain http, where a Secure cookie is refused, only the cookie without SameSite is
 * set (same-site logins work; cross-site ones need https). At most {@code max-pending-logins} logins per
 * browser, and at most {@link #MAX_TOTAL_BYTES} of them, are kept (the oldest are dropped), so background requests
 * or an attacker's pop-ups cannot pile them up.
 */
final class PendingLoginCookies {

    static final String PREFIX = "oidc_login";
    /**
     * Most bytes (names and values, fallback copies included) all pending-login cookies of a browser may take:
     * well under the 8 KB request-header limits of servers and proxies, so no number of started logins can
     * lock a browser out of the application (a request with too many cookie bytes is refused before the filter).
     */
    static final int MAX_TOTAL_BYTES = 4096;
    /** Suffix of the fallback cookie set beside a {@code SameSite=None} one. */
    static final String FALLBACK_SUFFIX = "_f";

    private final PendingLoginSealer sealer;
    private final Duration lifetime;
    private final int maxPending;

    PendingLoginCookies(PendingLoginSealer sealer, Duration lifetime, int maxPending) {
        this.sealer = sealer;
        this.lifetime = lifetime;
        this.maxPending = maxPending;
    }

    /** Adds the cookie for a new login, expiring the oldest existing logins beyond the cap. */
    void add(HttpServletRequest request, HttpServletResponse response, PendingLogin login, boolean secure) {
        add(request, response, login, secure, 0);
    }

    /**
     * Adds the cookie for a new login beside {@code reserved} bytes of other login cookies (a form kept by
     * {@code preserve-post}) that count against {@link #MAX_TOTAL_BYTES} too, expiring the oldest existing logins
     * beyond the cap. With reserved bytes, sets nothing and answers false when the new login and they alone do not
     * fit; without, the login's cookie is always set.
     */
    boolean add(HttpServletRequest request, HttpServletResponse response, PendingLogin login, boolean secure,
                int reserved) {
        record Existing(String name, PendingLogin login, int bytes) {
        }
        Map<String, Existing> existing = new HashMap<>();
        Cookies cookies = new Cookies(request, response, secure);
        for (Cookie cookie : cookies.startingWith(prefix(request, secure))) {
            String name = primaryName(cookie.getName());
            Optional<PendingLogin> unsealed = sealer.unseal(cookie.getValue());
            if (unsealed.isEmpty()) {
                expire(cookies, name);
            } else {
                int bytes = cookie.getName().length() + 1 + cookie.getValue().length();
                existing.merge(name, new Existing(name, unsealed.get(), bytes),
                        (a, b) -> new Existing(name, a.login(), a.bytes() + b.bytes()));
            }
        }
        String name = nameFor(request, login.state(), secure);
        String value = sealer.seal(login);
        int needed = (name.length() + 1 + value.length()) * (secure ? 2 : 1) + (secure ? FALLBACK_SUFFIX.length() : 0);
        if (reserved > 0 && needed + reserved > MAX_TOTAL_BYTES) {
            return false;
        }
        // newest first: keep as many as fit beside the new login, in number and in bytes
        List<Existing> newestFirst = new ArrayList<>(existing.values());
        newestFirst.sort(Comparator.comparing((Existing e) -> e.login().issuedAt()).reversed());
        int kept = 0;
        int bytes = needed + reserved;
        boolean full = false;
        for (Existing older : newestFirst) {
            full = full || kept + 1 >= maxPending || bytes + older.bytes() > MAX_TOTAL_BYTES;
            if (full) {
                expire(cookies, older.name());
            } else {
                kept++;
                bytes += older.bytes();
            }
        }
        int maxAge = (int) lifetime.toSeconds();
        cookies.setNamed(name, value, maxAge, secure ? "None" : null);
        if (secure) {
            cookies.setNamed(name + FALLBACK_SUFFIX, value, maxAge, null);
        }
        return true;
    }

    /** The pending login the callback with this state belongs to, from its cookie or the fallback copy. */
    Optional<PendingLogin> find(HttpServletRequest request, String state, boolean secure) {
        Cookies cookies = new Cookies(request, null, secure);
        String name = nameFor(request, state, secure);
        String primary = cookies.value(name);
        String value = primary != null ? primary : cookies.value(name + FALLBACK_SUFFIX);
        return value == null ? Optional.empty() : sealer.unseal(value);
    }

    /** Whether the request carries any pending-login cookie (to tell "cookie not sent" from "other login"). */
    static boolean hasAny(HttpServletRequest request, boolean secure) {
        return !new Cookies(request, null, secure).startingWith(prefix(request, secure)).isEmpty();
    }

    void remove(HttpServletRequest request, HttpServletResponse response, String state, boolean secure) {
        expire(new Cookies(request, response, secure), nameFor(request, state, secure));
    }

    private static void expire(Cookies cookies, String name) {
        cookies.setNamed(name, "", 0, cookies.secure() ? "None" : null);
        if (cookies.secure()) {
            cookies.setNamed(name + FALLBACK_SUFFIX, "", 0, null);
        }
    }

    private static String primaryName(String name) {
        return name.endsWith(FALLBACK_SUFFIX) ? name.substring(0, name.length() - FALLBACK_SUFFIX.length()) : name;
    }

    /** The prefix of this application's pending-login cookies ({@code __Host-} on secure requests). */
    static String prefix(HttpServletRequest request, boolean secure) {
        return CookieNames.name(PREFIX, request.getServletContext().getContextPath(), secure) + "_";
    }

    static String nameFor(HttpServletRequest request, String state, boolean secure) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.US_ASCII));
            // hex, so that no hash can end in FALLBACK_SUFFIX
            return prefix(request, secure) + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
