package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.MutableClock;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.oidchybrid.filter.testing.FakeRequests.request;
import static dev.oidchybrid.filter.testing.FakeRequests.response;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginAttemptsTest {

    private final MutableClock clock = MutableClock.at(1_800_000_000L);
    private boolean https;
    private final LoginAttempts attempts = new LoginAttempts(clock, request -> https);
    private Cookie jar;

    private jakarta.servlet.http.HttpServletRequest browser() {
        return request("GET", Map.of(), Map.of("cookies", jar == null ? new Cookie[0] : new Cookie[] {jar}));
    }

    private void complete() {
        List<Cookie> added = new ArrayList<>();
        attempts.recordCompleted(browser(), response(added));
        added.forEach(c -> jar = c);
    }

    @Test
    void mayStartWhenFewerCompletedLoginsThanTheLimitThenTrue() {
        for (int i = 0; i < LoginAttempts.MAX_COMPLETED; i++) {
            assertTrue(attempts.mayStart(browser()), "after " + i + " logins");
            complete();
        }
        assertFalse(attempts.mayStart(browser()));
    }

    @Test
    void recordCompletedWhenHttpsThenCounterCookieIsSecureAndHttpOnly() {
        https = true;
        complete();
        assertTrue(jar.getSecure(), "the counter cookie is Secure over https");
        assertTrue(jar.isHttpOnly());
        https = false;
        complete();
        assertFalse(jar.getSecure(), "over plain http a Secure cookie would be dropped");
    }

    @Test
    void mayStartWhenOnlyStartedNeverCompletedThenAlwaysTrue() {
        for (int i = 0; i < 50; i++) {
            assertTrue(attempts.mayStart(browser()));
        }
    }

    @Test
    void mayStartWhenTheWindowHasPassedThenTrueAgain() {
        for (int i = 0; i < LoginAttempts.MAX_COMPLETED; i++) {
            complete();
        }
        assertFalse(attempts.mayStart(browser()));
        clock.advance(LoginAttempts.WINDOW.plus(Duration.ofSeconds(1)));
        assertTrue(attempts.mayStart(browser()));
    }

    @Test
    void mayStartWhenTheCounterCookieIsMangledThenANewWindowStarts() {
        jar = new Cookie(LoginAttempts.COOKIE, "999.not-a-number");
        assertTrue(attempts.mayStart(browser()));
        jar = new Cookie(LoginAttempts.COOKIE, "5." + (clock.instant().getEpochSecond() + 3600));
        assertTrue(attempts.mayStart(browser()), "a window starting in the future is ignored");
    }
}
