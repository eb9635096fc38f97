package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.flow.PendingLoginSealer;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.oidchybrid.filter.testing.FakeRequests.request;
import static dev.oidchybrid.filter.testing.FakeRequests.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingLoginCookiesTest {

    private final PendingLoginSealer sealer = new PendingLoginSealer(List.of("k".repeat(40)),
            new SealingScope("https://op.example", "client", "/app"));
    private final PendingLoginCookies cookies = new PendingLoginCookies(sealer, Duration.ofMinutes(10), 3);

    private static PendingLogin login(int i) {
        return new PendingLogin("state-" + i + "-abcdefghijklmnopqrstuvwxyz", "n", "v", "/p" + i,
                Instant.ofEpochSecond(1_800_000_000L + i), "https://app/callback");
    }

    private static String name(String state, boolean secure) {
        return PendingLoginCookies.nameFor(request("GET", Map.of(), Map.of("contextPath", "/app")), state, secure);
    }

    private List<Cookie> add(PendingLogin login, boolean secure, Cookie... sent) {
        List<Cookie> added = new ArrayList<>();
        cookies.add(request("GET", Map.of(), Map.of("contextPath", "/app", "cookies", sent)), response(added), login,
                secure);
        return added;
    }

    @Test
    void addWhenHttpsThenSameSiteNoneSecureCookieAndAFallbackWithoutSameSite() {
        List<Cookie> added = add(login(1), true);
        assertEquals(2, added.size());
        Cookie primary = added.get(0);
        Cookie fallback = added.get(1);
        assertEquals(name(login(1).state(), true), primary.getName());
        assertTrue(primary.getName().startsWith("__Host-oidc_login-"), primary.getName());
        assertTrue(primary.isHttpOnly() && primary.getSecure());
        assertEquals("None", primary.getAttribute("SameSite"));
        assertEquals("/", primary.getPath(), "__Host- cookies have Path=/ (and no Domain)");
        assertNull(primary.getDomain());
        assertEquals(600, primary.getMaxAge());
        assertEquals(primary.getName() + "_f", fallback.getName());
        assertTrue(fallback.isHttpOnly() && fallback.getSecure());
        assertNull(fallback.getAttribute("SameSite"));
        assertEquals(primary.getValue(), fallback.getValue());
    }

    @Test
    void addWhenPlainHttpThenOneCookieWithoutSecureOrSameSite() {
        List<Cookie> added = add(login(1), false);
        assertEquals(1, added.size());
        assertTrue(added.get(0).isHttpOnly());
        assertFalse(added.get(0).getSecure());
        assertNull(added.get(0).getAttribute("SameSite"));
    }

    @Test
    void findWhenOnlyTheFallbackArrivesThenTheLoginIsFound() {
        Cookie fallback = add(login(1), true).get(1);
        assertEquals(login(1), cookies.find(request("POST", Map.of(), Map.of("contextPath", "/app", "cookies",
                new Cookie[] {fallback})), login(1).state(), true).orElseThrow());
    }

    @Test
    void findWhenCookieOfAnotherLoginThenEmpty() {
        Cookie other = add(login(2), false).get(0);
        assertTrue(cookies.find(request("POST", Map.of(), Map.of("contextPath", "/app", "cookies",
                new Cookie[] {other})), login(1).state(), false).isEmpty());
    }

    @Test
    void addWhenCapReachedThenOldestLoginExpiredWithItsFallback() {
        List<Cookie> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.addAll(add(login(i), true));
        }
        List<Cookie> added = add(login(4), true, sent.toArray(Cookie[]::new));
        String oldest = name(login(1).state(), true);
        assertTrue(added.stream().anyMatch(c -> c.getName().equals(oldest) && c.getMaxAge() == 0));
        assertTrue(added.stream().anyMatch(c -> c.getName().equals(oldest + "_f") && c.getMaxAge() == 0));
        assertEquals(2, added.stream().filter(c -> c.getMaxAge() == 0).count(), "only the oldest login is dropped");
    }

    @Test
    void addWhenManyLoginsWithLongReturnPathsThenAllTheirCookiesStayWithinTheByteBudget() {
        PendingLoginCookies many = new PendingLoginCookies(sealer, Duration.ofMinutes(10), 20);
        Map<String, Cookie> jar = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            PendingLogin login = new PendingLogin("state-" + i + "-abcdefghijklmnopqrstuvwxyz", "n".repeat(43),
                    "v".repeat(43), "/p?" + "a".repeat(500), Instant.ofEpochSecond(1_800_000_000L + i),
                    "https://app.example/callback");
            List<Cookie> added = new ArrayList<>();
            many.add(request("GET", Map.of(), Map.of("contextPath", "/app", "cookies",
                    jar.values().toArray(Cookie[]::new))), response(added), login, true);
            for (Cookie c : added) {
                if (c.getMaxAge() == 0) {
                    jar.remove(c.getName());
                } else {
                    jar.put(c.getName(), c);
                }
            }
            int bytes = jar.values().stream().mapToInt(c -> c.getName().length() + 1 + c.getValue().length()).sum();
            assertTrue(bytes <= PendingLoginCookies.MAX_TOTAL_BYTES, "after " + (i + 1) + " logins: " + bytes + " B");
            assertTrue(jar.containsKey(name(login.state(), true)), "the newest login is kept");
        }
    }

    @Test
    void addWhenBytesAreReservedThenOlderLoginsGoToMakeRoomAndTooLittleRoomSetsNothing() {
        List<Cookie> sent = new ArrayList<>();
        sent.addAll(add(login(1), true));
        sent.addAll(add(login(2), true));
        int one = sent.get(0).getName().length() + 1 + sent.get(0).getValue().length();
        List<Cookie> added = new ArrayList<>();
        // room for the new login and one older one, not two
        int reserved = PendingLoginCookies.MAX_TOTAL_BYTES - 2 * (2 * one + 2) - 1;
        assertTrue(cookies.add(request("GET", Map.of(), Map.of("contextPath", "/app", "cookies",
                sent.toArray(Cookie[]::new))), response(added), login(3), true, reserved));
        assertTrue(added.stream().anyMatch(c -> c.getName().equals(name(login(1).state(), true)) && c.getMaxAge() == 0),
                "the oldest goes: " + added);
        assertFalse(added.stream().anyMatch(c -> c.getName().equals(name(login(2).state(), true))), "the newer stays");

        List<Cookie> none = new ArrayList<>();
        assertFalse(cookies.add(request("GET", Map.of(), Map.of("contextPath", "/app")), response(none), login(4),
                true, PendingLoginCookies.MAX_TOTAL_BYTES));
        assertTrue(none.isEmpty(), "nothing set when the login itself does not fit: " + none);
    }

    @Test
    void findWhenAGenuineLoginCookieIsPlantedUnderThePlainNameOnHttpsThenIgnored() {
        // cookie tossing: a sibling subdomain (or an http page of this host) can set oidc_login_* for the whole
        // domain, but never a __Host- cookie; an attacker's own sealed login planted so must not be found
        Cookie attackers = add(login(1), false).get(0);
        assertTrue(attackers.getName().startsWith("oidc_login_"));
        Cookie planted = new Cookie(attackers.getName(), attackers.getValue());
        assertTrue(cookies.find(request("POST", Map.of(), Map.of("contextPath", "/app", "cookies",
                new Cookie[] {planted})), login(1).state(), true).isEmpty());
        assertFalse(PendingLoginCookies.hasAny(request("POST", Map.of(), Map.of("contextPath", "/app", "cookies",
                new Cookie[] {planted})), true));
    }

    @Test
    void nameWhenTwoApplicationsOfOneHostThenTheirHostCookiesDiffer() {
        String state = login(1).state();
        String app = PendingLoginCookies.nameFor(request("GET", Map.of(), Map.of("contextPath", "/app")), state, true);
        String shop = PendingLoginCookies.nameFor(request("GET", Map.of(), Map.of("contextPath", "/shop")), state,
                true);
        String root = PendingLoginCookies.nameFor(request("GET", Map.of(), Map.of("contextPath", "")), state, true);
        assertTrue(app.startsWith("__Host-") && shop.startsWith("__Host-") && root.startsWith("__Host-"));
        assertEquals(3, java.util.Set.of(app, shop, root).size(), "Path=/ reaches every application of the host");
    }

    @Test
    void addWhenACookieCannotBeUnsealedThenItIsExpired() {
        List<Cookie> added = add(login(1), false, new Cookie(PendingLoginCookies.PREFIX + "_0123456789abcdef", "junk"));
        assertTrue(added.stream().anyMatch(c -> c.getName().endsWith("0123456789abcdef") && c.getMaxAge() == 0));
    }
}
