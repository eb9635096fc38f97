package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.flow.PendingLogin;
import dev.oidchybrid.filter.flow.PendingLoginSealer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pending-login cookies: one per login in progress, named after a hash of its state so that several tabs
 * can log in at once and the callback finds its own. {@code HttpOnly}; {@code Secure} with
 * {@code SameSite=None} on https, so the cross-site form_post callback carries it; at most
 * {@code max-pending-logins} per browser (the oldest are dropped) so background requests cannot pile them up.
 */
final class PendingLoginCookies {

    static final String PREFIX = "oidc_login_";

    private final PendingLoginSealer sealer;
    private final Duration lifetime;
    private final int maxPending;

    PendingLoginCookies(PendingLoginSealer sealer, Duration lifetime, int maxPending) {
        this.sealer = sealer;
        this.lifetime = lifetime;
        this.maxPending = maxPending;
    }

    /** Adds the cookie for a new login, expiring the oldest existing ones beyond the cap. */
    void add(HttpServletRequest request, HttpServletResponse response, PendingLogin login, boolean secure) {
        record Existing(String name, PendingLogin login) {
        }
        List<Existing> existing = new ArrayList<>();
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().startsWith(PREFIX)) {
                    Optional<PendingLogin> unsealed = sealer.unseal(cookie.getValue());
                    if (unsealed.isEmpty()) {
                        response.addCookie(cookie(request, cookie.getName(), "", 0, secure));
                    } else {
                        existing.add(new Existing(cookie.getName(), unsealed.get()));
                    }
                }
            }
        }
        existing.sort(Comparator.comparing((Existing e) -> e.login().issuedAt()));
        for (int i = 0; i <= existing.size() - maxPending; i++) {
            response.addCookie(cookie(request, existing.get(i).name(), "", 0, secure));
        }
        response.addCookie(cookie(request, nameFor(login.state()), sealer.seal(login),
                (int) lifetime.toSeconds(), secure));
    }

    /** The pending login the callback with this state belongs to, if its cookie came with the request. */
    Optional<PendingLogin> find(HttpServletRequest request, String state) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String name = nameFor(state);
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name)) {
                return sealer.unseal(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Whether the request carries any pending-login cookie (to tell "cookie not sent" from "other login"). */
    static boolean hasAny(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    void remove(HttpServletRequest request, HttpServletResponse response, String state, boolean secure) {
        response.addCookie(cookie(request, nameFor(state), "", 0, secure));
    }

    private static Cookie cookie(HttpServletRequest request, String name, String value, int maxAge, boolean secure) {
        Cookie cookie = new Cookie(name, value);
        String context = request.getContextPath();
        cookie.setPath(context.isEmpty() ? "/" : context);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        if (secure) {
            cookie.setSecure(true);
            cookie.setAttribute("SameSite", "None");
        }
        return cookie;
    }

    static String nameFor(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
