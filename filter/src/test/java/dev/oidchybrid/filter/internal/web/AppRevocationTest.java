package dev.oidchybrid.filter.internal.web;

import com.hazelcast.core.Hazelcast;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application ends sessions through {@code OidcSessions} (FilterHarness's servlet calls it for
 * {@code ?revokeSubject=} and {@code ?revokeSid=}), with each session store: the revoked sessions get the
 * unauthenticated treatment at their next request, a copy of their old cookies included, while other users, other
 * provider sessions and logins after the revocation go on.
 */
class AppRevocationTest {

    private static final String KEY = "app-revocation-test-key-0123456789abcdef";
    private static final String ALICE = "alice-0001";

    @RegisterExtension
    static final DevProviderFixture op = DevProviderFixture.defaults();
    private FilterHarness app;

    @AfterEach
    void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @AfterAll
    static void stopHazelcast() {
        Hazelcast.shutdownAll();
    }

    private void start(String store) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("session-store", store));
        if (!store.equals("http-session")) {
            params.put("cookie-keys", KEY);
        }
        if (store.equals("jcache")) {
            String cluster = "oidc-revocation-test-" + UUID.randomUUID();
            int port = JCacheClusterTest.freePort();
            Path dir = Files.createTempDirectory("app-revocation-test");
            params.putAll(Map.of("jcache-provider", "com.hazelcast.cache.HazelcastMemberCachingProvider",
                    "jcache-properties", "hazelcast.config.location=" + JCacheClusterTest.hazelcastConfig(
                            dir.resolve("member.xml"), cluster, cluster, port, port)));
        }
        app = new FilterHarness(params, op.environment());
    }

    private Browser signedIn(String user) {
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), user, user + "-password"));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), user + " signed in");
        return browser;
    }

    /** The browser's cookies for the application, to present a copy of them later. */
    private List<HttpCookie> copyOfCookies(Browser browser) {
        return browser.cookies().stream().map(c -> (HttpCookie) c.clone()).toList();
    }

    private String sidOf(Browser browser) {
        return browser.navigate(app.url("/x?sid")).body().lines().filter(l -> l.startsWith("sid="))
                .map(l -> l.substring(4)).findFirst().orElseThrow();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void assertNavigationGoesToLogin(Browser browser, String who) {
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertEquals(302, page.statusCode(), who + ": " + page.body());
        assertTrue(Browser.location(page).startsWith(op.issuer()), who + " sent to the provider's login");
    }

    private void assertXhrGets401(Browser browser, String who) {
        assertEquals(401, browser.get(app.url("/x"), "Accept", "application/json", "Sec-Fetch-Mode", "cors")
                .statusCode(), who);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-session", "cookie", "jcache"})
    void revokeSubjectWhenCalledByTheAppThenEverySessionOfThatUserEndsAtItsNextRequestAndNewLoginsWork(String store)
            throws Exception {
        start(store);
        Browser aliceLaptop = signedIn("alice");
        Browser alicePhone = signedIn("alice");
        Browser bob = signedIn("bob");
        List<HttpCookie> laptopCookies = copyOfCookies(aliceLaptop);

        assertEquals(200, bob.navigate(app.url("/x?revokeSubject=" + ALICE)).statusCode(), "the app revoked alice");

        assertNavigationGoesToLogin(aliceLaptop, "alice's laptop, a page navigation");
        assertXhrGets401(alicePhone, "alice's phone, a script request");
        assertTrue(bob.navigate(app.url("/x")).body().contains("user=bob-0002"), "bob is not affected");

        Browser thief = new Browser();
        laptopCookies.forEach(c -> thief.putCookie(app.url("/x"), c));
        assertXhrGets401(thief, "a copy of the laptop's cookies from before the revocation");

        // signing in again right away works: the provider's single sign-on answers at once
        aliceLaptop.submit(aliceLaptop.signInAtProvider(aliceLaptop.navigate(app.url("/x")), "alice",
                "alice-password"));
        HttpResponse<String> again = aliceLaptop.navigate(app.url("/x"));
        assertEquals(200, again.statusCode(), "a login after the revocation stays: " + again.body());
        assertTrue(again.body().contains("user=" + ALICE));
        assertEquals(200, aliceLaptop.get(app.url("/x"), "Accept", "application/json", "Sec-Fetch-Mode", "cors")
                .statusCode(), "and stays on the next requests");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-session", "cookie", "jcache"})
    void revokeSidWhenCalledByTheAppThenOnlyThatProviderSessionEndsAndItsNextLoginWorks(String store)
            throws Exception {
        start(store);
        Browser aliceLaptop = signedIn("alice");
        Browser alicePhone = signedIn("alice");
        String laptopSid = sidOf(aliceLaptop);
        assertFalse(laptopSid.equals(sidOf(alicePhone)), "precondition: two provider sessions");

        assertEquals(200, alicePhone.navigate(app.url("/x?revokeSid=" + encoded(laptopSid))).statusCode());

        assertXhrGets401(aliceLaptop, "the revoked provider session");
        assertEquals(200, alicePhone.navigate(app.url("/x")).statusCode(), "another provider session of alice");

        // the provider's session lives on: signing in again gets the same sid, and a login after the revocation stays
        aliceLaptop.submit(aliceLaptop.signInAtProvider(aliceLaptop.navigate(app.url("/x")), "alice",
                "alice-password"));
        assertEquals(laptopSid, sidOf(aliceLaptop), "the same provider session");
        assertEquals(200, aliceLaptop.navigate(app.url("/x")).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-session", "cookie"})
    void revokeSubjectWhenLoggedThenTheSubjectAppearsOnlyAsAShortHash(String store) throws Exception {
        start(store);
        Browser bob = signedIn("bob");
        int before = LogSafety.records().size();
        assertEquals(200, bob.navigate(app.url("/x?revokeSubject=" + ALICE)).statusCode());
        List<String> lines = LogSafety.records().subList(before, LogSafety.records().size()).stream()
                .filter(l -> l.contains("revoked")).toList();
        assertEquals(1, lines.size(), "one line per revocation: " + lines);
        assertFalse(lines.get(0).contains(ALICE), lines.get(0));
        assertTrue(lines.get(0).contains("filter 'oidc'"), "names the filter instance: " + lines.get(0));
    }
}
