package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code preserve-post} in a browser that runs scripts (the testkit's HtmlUnit browser): the form posted without a
 * session goes through the provider's login page, and the replay page's own script posts it again, so the user lands
 * on the application's answer to the form without pressing anything, fields intact.
 */
class PreservePostBrowserTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private FilterHarness app;

    @BeforeEach
    void start() throws Exception {
        app = new FilterHarness(Map.of("preserve-post", "true"), provider.environment());
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void formPostedWithoutSessionWhenBrowserRunsScriptsThenTheApplicationReceivesItAfterTheLogin() throws Exception {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            // localhost: HtmlUnit, unlike Chromium and Firefox, keeps no Secure cookie from http://127.0.0.1
            String origin = "http://localhost:" + app.port();
            WebRequest post = new WebRequest(new URL(origin + "/app/orders/new"), HttpMethod.POST);
            post.setAdditionalHeader("Content-Type", PostPreservation.FORM);
            post.setAdditionalHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            post.setAdditionalHeader("Origin", origin);
            post.setAdditionalHeader("Sec-Fetch-Site", "same-origin");
            post.setAdditionalHeader("Sec-Fetch-Mode", "navigate");
            post.setAdditionalHeader("Sec-Fetch-Dest", "document");
            // a field named "submit" would hide form.submit(): the page's script must not depend on it
            post.setRequestBody("item=apple&submit=Order&note=%3Cb%3E%22quoted%22%3C%2Fb%3E&item=pear");
            browser.webClient().getPage(post);
            assertTrue(browser.onLoginPage(), "the post started the login: " + browser.current().getUrl());

            browser.logIn("alice", "alice-password");
            Page page = settled(browser);

            String body = page.getWebResponse().getContentAsString();
            assertEquals(200, page.getWebResponse().getStatusCode(), body);
            Map<String, String> seen = FilterHarness.echoed(body);
            assertEquals("alice-0001", seen.get("user"), body);
            assertEquals("POST", seen.get("method"));
            assertEquals("/app/orders/new", seen.get("path"));
            assertEquals("item=apple&item=pear&submit=Order&note=%3Cb%3E%22quoted%22%3C%2Fb%3E", seen.get("posted"));
        }
    }

    /** The page once the replay page's script has posted the form (the echo servlet answers text/plain). */
    private static Page settled(HtmlUnitBrowser browser) {
        Instant deadline = Instant.now().plus(HtmlUnitBrowser.DEFAULT_SETTLE_TIMEOUT);
        Page page = browser.current();
        while (!page.getWebResponse().getContentType().equals("text/plain") && Instant.now().isBefore(deadline)) {
            browser.webClient().waitForBackgroundJavaScript(50);
            page = browser.current();
        }
        return page;
    }
}
