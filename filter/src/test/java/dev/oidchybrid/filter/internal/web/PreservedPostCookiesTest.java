package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.flow.PreservedPost;
import dev.oidchybrid.filter.internal.flow.PreservedPostSealer;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.oidchybrid.filter.testing.FakeRequests.request;
import static dev.oidchybrid.filter.testing.FakeRequests.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreservedPostCookiesTest {

    private static final SealingScope SCOPE = new SealingScope("https://op.example", "client", "/app");
    private final PreservedPostSealer sealer = new PreservedPostSealer(List.of("k".repeat(40)), SCOPE);
    private final PreservedPostCookies posts = new PreservedPostCookies(sealer, Duration.ofMinutes(10));
    private static final PreservedPost POST = new PreservedPost("state-1-abcdefghijklmnopqrstuvwxyz", "a=1&b=2");

    private Cookie set(PreservedPost post, boolean secure) {
        List<Cookie> added = new ArrayList<>();
        posts.set(request("GET", Map.of(), Map.of("contextPath", "/app")), response(added), posts.seal(post), secure);
        assertEquals(1, added.size(), "one cookie, no fallback copy");
        return added.get(0);
    }

    private List<Cookie> take(String state, boolean secure, List<PreservedPost> found, Cookie... sent) {
        List<Cookie> added = new ArrayList<>();
        posts.take(request("POST", Map.of(), Map.of("contextPath", "/app", "cookies", sent)), response(added), state,
                secure).ifPresent(found::add);
        return added;
    }

    @Test
    void setWhenSecureThenHostCookieHttpOnlySameSiteNoneLivingAsLongAsTheLogin() {
        Cookie cookie = set(POST, true);
        assertTrue(cookie.getName().startsWith("__Host-oidc_post-"), cookie.getName());
        assertTrue(cookie.isHttpOnly() && cookie.getSecure());
        assertEquals("None", cookie.getAttribute("SameSite"));
        assertEquals("/", cookie.getPath());
        assertEquals(600, cookie.getMaxAge());
    }

    @Test
    void setWhenPlainHttpThenNoSecureNoSameSite() {
        Cookie cookie = set(POST, false);
        assertEquals("oidc_post", cookie.getName());
        assertTrue(cookie.isHttpOnly());
        assertNull(cookie.getAttribute("SameSite"));
    }

    @Test
    void takeWhenPlainHttpThenAGenuinelySealedFormIsNeverReplayedAndTheCookieIsRemoved() {
        // an attacker's own kept form (validly sealed for his login), planted under the plain-http name
        List<PreservedPost> found = new ArrayList<>();
        List<Cookie> added = take(POST.state(), false, found, set(POST, false));
        assertTrue(found.isEmpty(), "over plain http a kept form may have been planted: never replayed");
        assertEquals(1, added.size());
        assertEquals(0, added.get(0).getMaxAge());
    }

    @Test
    void takeWhenItsOwnLoginThenTheFormAndTheCookieIsRemoved() {
        List<PreservedPost> found = new ArrayList<>();
        List<Cookie> added = take(POST.state(), true, found, set(POST, true));
        assertEquals(List.of(POST), found);
        assertEquals(1, added.size());
        assertEquals(0, added.get(0).getMaxAge(), "replayed once");
    }

    @Test
    void takeWhenAnotherLoginsFormThenNothingAndTheCookieIsLeftForThatLogin() {
        List<PreservedPost> found = new ArrayList<>();
        List<Cookie> added = take("state-2-abcdefghijklmnopqrstuvwxyz", true, found, set(POST, true));
        assertTrue(found.isEmpty());
        assertTrue(added.isEmpty(), "the other login's form is untouched: " + added);
    }

    @Test
    void takeWhenUnsealableThenNothingAndTheCookieIsRemoved() {
        Cookie genuine = set(POST, true);
        List<PreservedPost> found = new ArrayList<>();
        List<Cookie> added = take(POST.state(), true, found, new Cookie(genuine.getName(), "forged-value"));
        assertTrue(found.isEmpty());
        assertEquals(0, added.get(0).getMaxAge());
    }

    @Test
    void takeWhenSealedByAnotherApplicationThenNothing() {
        PreservedPostSealer other = new PreservedPostSealer(List.of("k".repeat(40)),
                new SealingScope("https://op.example", "client", "/other"));
        Cookie genuine = set(POST, true);
        List<PreservedPost> found = new ArrayList<>();
        take(POST.state(), true, found, new Cookie(genuine.getName(), other.seal(POST)));
        assertTrue(found.isEmpty());
    }

    @Test
    void takeWhenAGenuineFormIsPlantedUnderThePlainNameOnHttpsThenIgnored() {
        // cookie tossing: a sibling subdomain or an http page can set oidc_post, never the __Host- cookie
        Cookie planted = set(POST, false);
        List<PreservedPost> found = new ArrayList<>();
        List<Cookie> added = take(POST.state(), true, found, planted);
        assertTrue(found.isEmpty());
        assertTrue(added.isEmpty());
    }

    @Test
    void bytesWhenPresentThenNameAndValueAsTheCookieHeaderCarriesThem() {
        Cookie cookie = set(POST, true);
        assertEquals(cookie.getName().length() + 1 + cookie.getValue().length(), PreservedPostCookies.presentBytes(
                request("GET", Map.of(), Map.of("contextPath", "/app", "cookies", new Cookie[] {cookie})), true));
        assertEquals(0, PreservedPostCookies.presentBytes(request("GET", Map.of(), Map.of("contextPath", "/app")),
                true));
    }
}
