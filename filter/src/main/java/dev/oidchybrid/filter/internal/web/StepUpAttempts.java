package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * At most one step-up login per page and browser within {@link #WINDOW}: a provider that ignores {@code acr_values}
 * or {@code max_age} (or a rule the provider's answer can never meet) would otherwise send the browser round and
 * round. A small HttpOnly cookie holds the last step-up's start time and a hash of its URL; it is cleared once that
 * page's rule holds. A cookie rather than server memory: any node sees it, nothing grows with the number of users,
 * and it outlives a session that the step-up login replaces. Its value is not sealed: a browser that alters it
 * can only earn itself another step-up or an error page earlier.
 */
final class StepUpAttempts {

    static final String COOKIE = "oidc_stepup";
    static final Duration WINDOW = Duration.ofMinutes(2);

    private final Clock clock;
    private final Predicate<HttpServletRequest> secure;

    /** @param secure whether a request reached the application over https (the cookie is then Secure) */
    StepUpAttempts(Clock clock, Predicate<HttpServletRequest> secure) {
        this.clock = clock;
        this.secure = secure;
    }

    /** Whether a step-up to {@code returnPath} started from this browser within the window. */
    boolean recentlyTried(HttpServletRequest request, String returnPath) {
        String value = cookies(request, null).read(COOKIE);
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot < 0 || !value.substring(dot + 1).equals(hash(returnPath))) {
            return false;
        }
        try {
            long started = Long.parseLong(value.substring(0, dot));
            long now = clock.instant().getEpochSecond();
            return started <= now && now - started < WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Remembers that a step-up to {@code returnPath} starts now. */
    void record(HttpServletRequest request, HttpServletResponse response, String returnPath) {
        cookies(request, response).set(COOKIE, clock.instant().getEpochSecond() + "." + hash(returnPath),
                (int) WINDOW.toSeconds(), "Lax");
    }

    /** Forgets the step-up to {@code returnPath}, if this browser started one: that page's rule holds now. */
    void clear(HttpServletRequest request, HttpServletResponse response, String returnPath) {
        String value = cookies(request, null).read(COOKIE);
        if (value != null && value.endsWith("." + hash(returnPath))) {
            cookies(request, response).set(COOKIE, "", 0, "Lax");
        }
    }

    private Cookies cookies(HttpServletRequest request, HttpServletResponse response) {
        return new Cookies(request, response, secure.test(request));
    }

    /** 128 bits of the URL's SHA-256, base64url: the cookie says which page without showing it. */
    private static String hash(String returnPath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(returnPath.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
