package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forged callbacks in the code flow cost an authenticated token request each (a state is free to get): after
 * {@link CallbackThrottle#MAX_FAILURES} refused codes from one address within a minute, its callbacks get 429
 * before they reach the provider.
 */
class CallbackThrottleTest {

    @Test
    void retryAfterWhenFewerFailuresThanTheBoundThenZeroAndAfterTheWindowZeroAgain() {
        MutableClock clock = MutableClock.at(1_800_000_000L);
        CallbackThrottle throttle = new CallbackThrottle(clock);
        for (int i = 0; i < CallbackThrottle.MAX_FAILURES - 1; i++) {
            throttle.recordFailure("198.51.100.7");
        }
        assertEquals(0, throttle.retryAfterSeconds("198.51.100.7"));
        throttle.recordFailure("198.51.100.7");
        assertEquals(60, throttle.retryAfterSeconds("198.51.100.7"));
        assertEquals(0, throttle.retryAfterSeconds("198.51.100.8"), "another address is not affected");
        clock.advance(Duration.ofSeconds(45));
        assertEquals(15, throttle.retryAfterSeconds("198.51.100.7"));
        clock.advance(Duration.ofSeconds(15));
        assertEquals(0, throttle.retryAfterSeconds("198.51.100.7"));
    }

    private static String param(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    @Test
    void callbackWhenManyForgedCodesFromOneAddressThen429BeforeTheTokenEndpoint() throws Exception {
        try (DevProvider provider = DevProvider.builder().clock(new MutableClock(Instant.now())).build().start();
             FilterHarness app = new FilterHarness(Map.of("response-type", "code"),
                     DevProviderFixture.environment(provider))) {
            LogSafety.secret(DevProvider.DEMO_CLIENT_SECRET);
            Browser attacker = new Browser();
            for (int i = 0; i <= CallbackThrottle.MAX_FAILURES; i++) {
                String state = param(Browser.location(attacker.navigate(app.url("/x"))), "state");
                LogSafety.secret(state);
                int tokenRequests = provider.counters().token();
                HttpResponse<String> callback = attacker.postForm(app.url("/callback"), Map.of("state", state,
                        "code", "made-up-code-" + i, "iss", provider.issuer()));
                if (i < CallbackThrottle.MAX_FAILURES) {
                    assertEquals(400, callback.statusCode(), "forged code " + i + ": " + callback.body());
                    assertEquals(tokenRequests + 1, provider.counters().token(), "each forged code costs a request");
                } else {
                    assertEquals(429, callback.statusCode(), callback.body());
                    assertTrue(callback.headers().firstValue("Retry-After").isPresent());
                    assertEquals(tokenRequests, provider.counters().token(), "refused before the token endpoint");
                }
            }
        }
    }
}
