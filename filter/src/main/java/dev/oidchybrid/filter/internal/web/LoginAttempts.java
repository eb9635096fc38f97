package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * Stops redirect loops: when a browser keeps starting logins without ever keeping a session (typically the
 * session cookie is not stored: wrong path, Secure over http, blocked third-party context), each login
 * succeeds at the provider and lands back on a protected page, which starts another. This counts completed
 * logins per browser in a short window (a small HttpOnly cookie holding count and window start); once the
 * limit is reached, starting another login shows a page instead of redirecting. Logins that are started but
 * not completed (many tabs restored at once) do not count. Logout resets the count.
 */
final class LoginAttempts {

    static final String COOKIE = "oidc_attempts";
    static final int MAX_COMPLETED = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;

    private final java.util.function.Predicate<HttpServletRequest> secure;

    /** @param secure whether a request reached the application over https (the cookie is then Secure) */
    LoginAttempts(Clock clock, java.util.function.Predicate<HttpServletRequest> secure) {
        this.clock = clock;
        this.secure = secure;
    }

    /** Whether this browser may start another login: false after {@link #MAX_COMPLETED} logins within the window. */
    boolean mayStart(HttpServletRequest request) {
        return current(request).count() < MAX_COMPLETED;
    }

    /** Counts a completed login for this browser. */
    void recordCompleted(HttpServletRequest request, HttpServletResponse response) {
        Window window = current(request);
        write(request, response, (window.count() + 1) + "." + window.start(), (int) WINDOW.toSeconds());
    }

    private record Window(int count, long start) {
    }

    private Window current(HttpServletRequest request) {
        long now = clock.instant().getEpochSecond();
        String value = read(request);
        if (value != null) {
            String[] parts = value.split("\\.");
            try {
                if (parts.length == 2) {
                    int count = Integer.parseInt(parts[0]);
                    long start = Long.parseLong(parts[1]);
                    if (start <= now && now - start < WINDOW.toSeconds()) {
                        return new Window(Math.max(0, count), start);
                    }
                }
            } catch (NumberFormatException ignored) {
                // a mangled counter starts a new window
            }
        }
        return new Window(0, now);
    }

    void reset(HttpServletRequest request, HttpServletResponse response) {
        if (read(request) != null) {
            write(request, response, "", 0);
        }
    }

    private String read(HttpServletRequest request) {
        return new Cookies(request, null, secure.test(request)).read(COOKIE);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, String value, int maxAge) {
        new Cookies(request, response, secure.test(request)).set(COOKIE, value, maxAge, null);
    }
}
