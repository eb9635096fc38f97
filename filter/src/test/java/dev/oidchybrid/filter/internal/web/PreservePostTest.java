package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code preserve-post}, end to end: a form posted to a protected page without a session starts the login, and the
 * callback answers a page that posts the same fields to the same page again; every post that must not be kept (another
 * origin, a script's, a frame's, multipart, too large, to the filter's own or excluded paths) gets the 401 as before,
 * and a kept form replays only on the login that kept it, once.
 */
class PreservePostTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private final List<FilterHarness> apps = new ArrayList<>();

    @AfterEach
    void stopApps() throws Exception {
        for (FilterHarness app : apps) {
            app.close();
        }
    }

    private FilterHarness start(Map<String, String> params) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("preserve-post", "true", "exclude-paths", "/public/*"));
        all.putAll(params);
        FilterHarness app = new FilterHarness(all, provider.environment());
        apps.add(app);
        return app;
    }

    private static String origin(FilterHarness app) {
        return "http://127.0.0.1:" + app.port();
    }

    /** What a browser sends when the user submits a form of the application's own page. */
    private static String[] formSubmission(FilterHarness app) {
        return new String[] {"Accept", Browser.HTML_ACCEPT, "Origin", origin(app), "Sec-Fetch-Site", "same-origin",
                "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"};
    }

    private static HttpResponse<String> submit(Browser browser, FilterHarness app, String path, String body) {
        return browser.post(app.url(path), FORM, body, formSubmission(app));
    }

    private static boolean keptFormCookie(Browser browser) {
        return browser.cookies().stream().anyMatch(c -> c.getName().contains(PreservedPostCookies.BASE));
    }

    private static HttpCookie keptFormCookieOf(Browser browser) {
        return browser.cookies().stream().filter(c -> c.getName().contains(PreservedPostCookies.BASE)).findFirst()
                .orElseThrow();
    }

    /** Replaces the browser's kept-form cookie by one holding {@code value} (planted, or altered). */
    private static void replaceKeptForm(Browser browser, FilterHarness app, String value) {
        String name = keptFormCookieOf(browser).getName();
        browser.forget(name);
        HttpCookie planted = new HttpCookie(name, value);
        planted.setPath("/");
        browser.putCookie(app.url("/"), planted);
    }

    /** The replay page's fields, in order, duplicates kept, unescaped. */
    private static List<String[]> replayedFields(String html) {
        List<String[]> fields = new ArrayList<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.add(new String[] {unescape(m.group(1)), unescape(m.group(2))});
        }
        return fields;
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String action(String html) {
        Matcher m = ACTION.matcher(html);
        assertTrue(m.find(), html);
        return unescape(m.group(1));
    }

    /** Posts the replay page's form as a browser would (its script does exactly this). */
    private static HttpResponse<String> replay(Browser browser, FilterHarness app, HttpResponse<String> page) {
        StringBuilder body = new StringBuilder();
        for (String[] field : replayedFields(page.body())) {
            body.append(body.isEmpty() ? "" : "&").append(Browser.formBody(new java.util.LinkedHashMap<>(
                    Map.of(field[0], field[1]))));
        }
        return browser.post("http://127.0.0.1:" + app.port() + action(page.body()), FORM, body.toString(),
                formSubmission(app));
    }

    private static void assertUnauthorizedWithoutLogin(HttpResponse<String> answer, Browser browser) {
        assertEquals(401, answer.statusCode(), answer.headers().map() + " " + answer.body());
        assertTrue(browser.cookies().isEmpty(), "no login started, nothing kept: " + browser.cookies());
    }

    @Test
    void formPostedWithoutSessionWhenPreservePostThenReplayedToTheSamePageAfterTheLogin() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();

        HttpResponse<String> toProvider = submit(browser, app, "/orders/new?draft=1",
                "item=apple&note=two+words&item=pear&empty=");
        assertEquals(303, toProvider.statusCode(), toProvider.body());
        assertTrue(Browser.location(toProvider).startsWith(provider.issuer() + "/authorize?"));
        assertTrue(keptFormCookie(browser), browser.cookies().toString());

        HttpResponse<String> page = browser.submit(browser.signInAtProvider(toProvider, "alice", "alice-password"));

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("/app/orders/new?draft=1", action(page.body()));
        List<String[]> fields = replayedFields(page.body());
        assertEquals(List.of("item=apple", "note=two words", "item=pear", "empty="),
                fields.stream().map(f -> f[0] + "=" + f[1]).toList(), "in order, duplicates kept");
        assertFalse(keptFormCookie(browser), "replayed once: the kept form is gone");

        HttpResponse<String> done = replay(browser, app, page);

        assertEquals(200, done.statusCode(), done.body());
        Map<String, String> seen = FilterHarness.echoed(done.body());
        assertEquals("alice-0001", seen.get("user"));
        assertEquals("POST", seen.get("method"));
        assertEquals("draft=1&item=apple&item=pear&note=two+words&empty=", seen.get("posted"));
    }

    @Test
    void replayPageWhenAnsweredThenNotCachedNotFramableAndOnlyItsOwnScriptRuns() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> page = browser.submit(browser.signInAtProvider(submit(browser, app, "/orders", "a=1"),
                "alice", "alice-password"));

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        // Chromium sends "Origin: null" with a post from a no-referrer page (checked by hand: same-origin sends the
        // page's origin), and applications that check Origin would refuse the replay
        assertEquals("same-origin", page.headers().firstValue("Referrer-Policy").orElse(""));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'"), csp);
        assertTrue(csp.contains("script-src '" + ReplayPage.SCRIPT_HASH + "'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("form-action 'self'"), csp);
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script>" + ReplayPage.SCRIPT + "</script>"), page.body());
        String script = page.body().substring(page.body().indexOf("<script>") + 8, page.body().indexOf("</script>"));
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(csp.contains("script-src 'sha256-" + hash + "'"), "the hash of the script as served: " + csp);
        assertTrue(page.body().contains("<button type=\"submit\">"), "a button for browsers without script");
    }

    @Test
    void replayPageWhenFieldsHoldMarkupAndQuotesThenEscaped() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();
        String evil = "\"><script>alert(1)</script><x a='";
        String body = Browser.formBody(Map.of(evil, evil)) + "&submit=" + java.net.URLEncoder.encode("&amp;<>",
                java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> page = browser.submit(browser.signInAtProvider(submit(browser, app, "/orders", body),
                "alice", "alice-password"));

        assertEquals(200, page.statusCode(), page.body());
        assertFalse(page.body().contains("<script>alert"), page.body());
        assertFalse(page.body().contains("'>"), page.body());
        assertEquals(1, page.body().split("<script>", -1).length - 1, "only the page's own script");
        List<String[]> fields = replayedFields(page.body());
        assertEquals(evil, fields.get(0)[0]);
        assertEquals(evil, fields.get(0)[1]);
        assertEquals("submit", fields.get(1)[0], "a field named submit is kept (the script does not use form.submit)");
        assertEquals("&amp;<>", fields.get(1)[1]);
    }

    @Test
    void formPostWhenPreservePostOffThen401AsBefore() throws Exception {
        FilterHarness app = start(Map.of("preserve-post", "false"));
        Browser browser = new Browser();

        assertUnauthorizedWithoutLogin(submit(browser, app, "/orders", "a=1"), browser);
    }

    @Test
    void formPostWhenFromAnotherOriginThenNotKept() throws Exception {
        FilterHarness app = start(Map.of());
        for (String origin : List.of("http://evil.example", "http://127.0.0.1:1", "http://localhost:" + app.port(), origin(app) + "/path",
                "https://127.0.0.1:" + app.port())) {
            Browser browser = new Browser();
            assertUnauthorizedWithoutLogin(browser.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT,
                    "Origin", origin, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate",
                    "Sec-Fetch-Dest", "document"), browser);
        }
    }

    @Test
    void formPostWhenTheApplicationIsReachedOverPlainHttpThenNotKept() throws Exception {
        // plain http on a real host name: no __Host- cookie, so a kept form could be planted by a sibling site
        FilterHarness app = start(Map.of("base-url", "http://app.example/app"));
        Browser browser = new Browser();
        HttpResponse<String> answer = browser.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT,
                "Origin", "http://app.example", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate");
        assertUnauthorizedWithoutLogin(answer, browser);
    }

    @Test
    void formPostWhenBaseUrlIsSetThenItsOriginIsTheApplicationsNotTheHostHeaders() throws Exception {
        FilterHarness app = start(Map.of("base-url", "https://app.example/app"));
        Browser hostHeader = new Browser();
        assertUnauthorizedWithoutLogin(submit(hostHeader, app, "/orders", "a=1"), hostHeader);
        Browser external = new Browser();
        HttpResponse<String> kept = external.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT,
                "Origin", "https://app.example", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate");
        assertEquals(303, kept.statusCode(), kept.body());
    }

    @Test
    void formContentsWhenKeptReplayedOrRefusedThenNeverLogged() throws Exception {
        FilterHarness app = start(Map.of("preserve-post-max-bytes", "200"));
        String secret = "form-secret-value-7f3a9c";
        dev.oidchybrid.filter.testing.LogSafety.secret(secret);
        int before = dev.oidchybrid.filter.testing.LogSafety.records().size();
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(submit(browser, app, "/orders", "secret=" + secret), "alice",
                "alice-password"));
        for (String body : List.of("secret=" + secret + "&x=%zz", "secret=" + secret + "&pad=" + "p".repeat(200))) {
            submit(new Browser(), app, "/orders", body);
        }
        new Browser().post(app.url("/orders"), "multipart/form-data; boundary=" + secret, "--" + secret,
                formSubmission(app));
        new Browser().post(app.url("/orders"), FORM, "secret=" + secret, "Origin", "http://evil.example",
                "Accept", Browser.HTML_ACCEPT);

        List<String> logged = dev.oidchybrid.filter.testing.LogSafety.records();
        assertTrue(logged.size() > before, "the refusals were logged");
        assertTrue(logged.stream().noneMatch(r -> r.contains(secret)), String.join("\n", logged));
    }

    @Test
    void formPostWhenNoOriginThenKeptOnlyWithSecFetchSiteSameOrigin() throws Exception {
        FilterHarness app = start(Map.of());
        for (String site : List.of("cross-site", "same-site", "none")) {
            Browser browser = new Browser();
            assertUnauthorizedWithoutLogin(browser.post(app.url("/orders"), FORM, "a=1", "Accept",
                    Browser.HTML_ACCEPT, "Sec-Fetch-Site", site, "Sec-Fetch-Mode", "navigate"), browser);
        }
        Browser neither = new Browser();
        assertUnauthorizedWithoutLogin(neither.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT),
                neither);
        Browser sameOrigin = new Browser();
        assertEquals(303, sameOrigin.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT,
                "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate").statusCode());
    }

    @Test
    void formPostWhenOriginIsNullThenKeptOnlyWithSecFetchSiteSameOrigin() throws Exception {
        FilterHarness app = start(Map.of());
        // a page with Referrer-Policy: no-referrer sends Origin: null; so do sandboxed frames and data: URLs
        Browser opaque = new Browser();
        assertUnauthorizedWithoutLogin(opaque.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT,
                "Origin", "null", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"), opaque);
        Browser noReferrer = new Browser();
        assertEquals(303, noReferrer.post(app.url("/orders"), FORM, "a=1", "Accept", Browser.HTML_ACCEPT,
                "Origin", "null", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate").statusCode());
    }

    @Test
    void postWhenScriptsOrFramesSendItThenNotKept() throws Exception {
        FilterHarness app = start(Map.of());
        List<String[]> kinds = List.of(
                new String[] {"Origin", origin(app), "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors",
                        "Sec-Fetch-Dest", "empty", "Accept", "*/*"},
                new String[] {"Origin", origin(app), "Sec-Fetch-Site", "same-origin", "X-Requested-With",
                        "XMLHttpRequest", "Accept", Browser.HTML_ACCEPT},
                new String[] {"Origin", origin(app), "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate",
                        "Sec-Fetch-Dest", "iframe", "Accept", Browser.HTML_ACCEPT},
                new String[] {"Origin", origin(app), "Sec-Fetch-Site", "same-origin", "Accept", "application/json"});
        for (String[] headers : kinds) {
            Browser browser = new Browser();
            HttpResponse<String> answer = browser.post(app.url("/orders"), FORM, "a=1", headers);
            assertUnauthorizedWithoutLogin(answer, browser);
            assertEquals("{\"error\":\"login_required\"}", answer.body());
        }
    }

    @Test
    void formPostWhenNotUrlEncodedThenNotKept() throws Exception {
        FilterHarness app = start(Map.of());
        for (String type : List.of("multipart/form-data; boundary=x", "text/plain", "application/json",
                FORM + "; charset=ISO-8859-1")) {
            Browser browser = new Browser();
            assertUnauthorizedWithoutLogin(browser.post(app.url("/orders"), type, "--x\r\n", formSubmission(app)),
                    browser);
        }
    }

    @Test
    void formPostWhenLargerThanPreservePostMaxBytesThenNotKept() throws Exception {
        FilterHarness app = start(Map.of("preserve-post-max-bytes", "100"));
        Browser large = new Browser();
        assertUnauthorizedWithoutLogin(submit(large, app, "/orders", "a=" + "x".repeat(99)), large);
        Browser fits = new Browser();
        assertEquals(303, submit(fits, app, "/orders", "a=" + "x".repeat(98)).statusCode(), "100 bytes are kept");
    }

    @Test
    void formPostWhenChunkedWithoutContentLengthThenTheCapStillHolds() throws Exception {
        FilterHarness app = start(Map.of("preserve-post-max-bytes", "100"));
        assertEquals(401, chunkedPost(app, "a=" + "x".repeat(99)), "101 bytes, in chunks");
        assertEquals(303, chunkedPost(app, "a=" + "x".repeat(98)), "100 bytes, in chunks");
    }

    /** The status of a form submission whose body comes in two chunks, without Content-Length. */
    private static int chunkedPost(FilterHarness app, String body) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            String half = body.substring(0, body.length() / 2);
            String rest = body.substring(body.length() / 2);
            String request = "POST /app/orders HTTP/1.1\r\nHost: 127.0.0.1:" + app.port() + "\r\n"
                    + "Content-Type: " + FORM + "\r\nTransfer-Encoding: chunked\r\nAccept: text/html\r\n"
                    + "Origin: " + origin(app) + "\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: navigate\r\n"
                    + "Connection: close\r\n\r\n"
                    + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n"
                    + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void formPostWhenMalformedThenNotKept() throws Exception {
        FilterHarness app = start(Map.of());
        for (String body : List.of("a=%zz", "a=%C3%28", "=x", "a=\u00e9")) {
            Browser browser = new Browser();
            assertUnauthorizedWithoutLogin(submit(browser, app, "/orders", body), browser);
        }
    }

    @Test
    void formPostWhenItDoesNotFitBesideTheLoginCookieThenNotKept() throws Exception {
        FilterHarness app = start(Map.of("preserve-post-max-bytes", "2048"));
        Browser browser = new Browser();
        String longQuery = "?q=" + "y".repeat(480);

        assertUnauthorizedWithoutLogin(submit(browser, app, "/orders" + longQuery, "a=" + "x".repeat(2046)), browser);
    }

    @Test
    void keptFormWhenLargestThatFitsThenTheBrowsersLoginCookiesStayWithinTheirBudget() throws Exception {
        FilterHarness app = start(Map.of("preserve-post-max-bytes", "2048"));
        Browser browser = new Browser();
        // two ordinary logins in other tabs first, then the kept form: older logins go to make room
        browser.navigate(app.url("/a"));
        browser.navigate(app.url("/b"));
        HttpResponse<String> kept = submit(browser, app, "/orders", "a=" + "x".repeat(1800));
        assertEquals(303, kept.statusCode(), kept.body());

        int bytes = browser.cookies().stream().mapToInt(c -> c.getName().length() + 1 + c.getValue().length()).sum();
        assertTrue(bytes <= PendingLoginCookies.MAX_TOTAL_BYTES, bytes + " bytes of login cookies");
        assertTrue(keptFormCookie(browser));
    }

    @Test
    void postWhenToExcludedPathThenReachesTheApplicationUntouchedAndNothingIsKept() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();

        HttpResponse<String> answer = submit(browser, app, "/public/form", "a=1&b=2&a=3");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("a=1&a=3&b=2", FilterHarness.echoed(answer.body()).get("posted"), "the body is the app's");
        assertFalse(keptFormCookie(browser));
    }

    @Test
    void postWhenSignedInThenTheFilterLeavesTheBodyToTheApplication() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/start")), "alice", "alice-password"));

        HttpResponse<String> answer = submit(browser, app, "/orders", "a=1&b=2");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("a=1&b=2", FilterHarness.echoed(answer.body()).get("posted"));
    }

    @Test
    void postWhenToTheFiltersOwnEndpointsThenNeverKept() throws Exception {
        FilterHarness app = start(Map.of());
        Browser callback = new Browser();
        HttpResponse<String> toCallback = submit(callback, app, "/callback", "state=x&code=y");
        assertEquals(400, toCallback.statusCode(), toCallback.body());
        assertTrue(callback.cookies().isEmpty(), "no login started, nothing kept: " + callback.cookies());
        for (String endpoint : List.of("/logout", "/backchannel-logout")) {
            Browser browser = new Browser();
            HttpResponse<String> answer = submit(browser, app, endpoint, "a=1");
            assertFalse(answer.headers().firstValue("Location").orElse("").contains("/authorize?"),
                    endpoint + ": " + answer.headers().map());
            assertTrue(browser.cookies().stream().noneMatch(c -> c.getName().contains(PreservedPostCookies.BASE)
                    || c.getName().contains(PendingLoginCookies.PREFIX)), endpoint + ": no login, nothing kept: "
                    + browser.cookies());
        }
    }

    @Test
    void postWhenPathNotSpelledPlainlyThenNotKept() throws Exception {
        // a lenient container lets the ambiguous path through to the filter (Jetty's default refuses it with 400)
        FilterHarness app = new FilterHarness(Map.of("preserve-post", "true"), provider.environment(),
                java.time.Clock.systemUTC(), "/app", org.eclipse.jetty.http.UriCompliance.UNSAFE);
        apps.add(app);
        Browser browser = new Browser();

        assertUnauthorizedWithoutLogin(submit(browser, app, "/orders/%2e/new", "a=1"), browser);
    }

    @Test
    void keptFormWhenForgedOrAlteredThenIgnoredAndTheLoginCompletesOnItsPage() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> toProvider = submit(browser, app, "/orders", "a=1");
        HttpCookie kept = keptFormCookieOf(browser);
        replaceKeptForm(browser, app, kept.getValue().substring(0, kept.getValue().length() - 4) + "AAAA");

        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(toProvider, "alice",
                "alice-password"));

        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app/orders", Browser.location(callback));
        assertTrue(callback.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(kept.getName() + "=;")
                && c.contains("Max-Age=0")), "the unsealable cookie is removed: " + callback.headers().map());
        assertEquals(200, browser.navigate(app.url("/orders")).statusCode(), "signed in");
    }

    @Test
    void keptFormWhenSealedByAnotherApplicationThenRefused() throws Exception {
        FilterHarness app = start(Map.of());
        FilterHarness other = new FilterHarness(Map.of("preserve-post", "true"), provider.environment(),
                java.time.Clock.systemUTC(), "/other");
        apps.add(other);
        Browser attacker = new Browser();
        submit(attacker, other, "/orders", "transfer=all");
        String otherValue = keptFormCookieOf(attacker).getValue();
        Browser browser = new Browser();
        HttpResponse<String> toProvider = submit(browser, app, "/orders", "a=1");
        replaceKeptForm(browser, app, otherValue);

        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(toProvider, "alice",
                "alice-password"));

        assertEquals(303, callback.statusCode(), "no replay of another application's form: " + callback.body());
        assertEquals("/app/orders", Browser.location(callback));
    }

    @Test
    void keptFormWhenItBelongsToAnotherLoginThenNotReplayedOnThisOne() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> first = submit(browser, app, "/orders/1", "order=1");
        HttpResponse<String> second = submit(browser, app, "/orders/2", "order=2");
        Browser.FormPost firstCallback = browser.signInAtProvider(first, "alice", "alice-password");
        Browser.FormPost secondCallback = browser.signInAtProvider(second, "alice", "alice-password");

        HttpResponse<String> firstDone = browser.submit(firstCallback);

        assertEquals(303, firstDone.statusCode(), "the kept form is the second login's: " + firstDone.body());
        assertEquals("/app/orders/1", Browser.location(firstDone));
        assertTrue(keptFormCookie(browser), "left for its own login");
        HttpResponse<String> secondDone = browser.submit(secondCallback);
        assertEquals(200, secondDone.statusCode(), secondDone.body());
        assertEquals("/app/orders/2", action(secondDone.body()));
        assertEquals("order", replayedFields(secondDone.body()).get(0)[0]);
        assertEquals("2", replayedFields(secondDone.body()).get(0)[1]);
    }

    @Test
    void replayWhenTheCallbackIsSubmittedAgainThenNoSecondReplay() throws Exception {
        FilterHarness app = start(Map.of());
        Browser browser = new Browser();
        Browser.FormPost callback = browser.signInAtProvider(submit(browser, app, "/orders", "a=1"), "alice",
                "alice-password");
        assertEquals(200, browser.submit(callback).statusCode());

        HttpResponse<String> again = browser.submit(callback);

        assertEquals(303, again.statusCode(), "signed in: on to the page, without the form: " + again.body());
        assertFalse(again.body().contains("type=\"hidden\""));
    }
}
