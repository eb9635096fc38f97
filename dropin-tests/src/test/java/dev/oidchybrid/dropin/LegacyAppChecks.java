package dev.oidchybrid.dropin;

import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.Page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every drop-in set-up must give the legacy application, and the settings the operator gives the filter. */
final class LegacyAppChecks {

    /** How long the browser waits for a page to settle and for an answer: application servers are slow. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    private LegacyAppChecks() {
    }

    /**
     * The filter's settings, as environment variables only: the development provider, its demo client, a cookie key,
     * the roles claim, and {@code /health} left open for the readiness probe.
     */
    static Map<String, String> filterEnvironment(DevProvider provider, String cookieKey) {
        Map<String, String> env = new HashMap<>();
        env.put("OIDC_ISSUER", provider.issuer());
        env.put("OIDC_CLIENT_ID", DevProvider.DEMO_CLIENT_ID);
        env.put("OIDC_CLIENT_SECRET", DevProvider.DEMO_CLIENT_SECRET);
        env.put("OIDC_COOKIE_KEYS", cookieKey);
        env.put("OIDC_ROLES_CLAIM", DevProvider.ROLES_CLAIM);
        env.put("OIDC_EXCLUDE_PATHS", "/health");
        return env;
    }

    /** A fresh cookie key (32 random bytes, base64). */
    static String newCookieKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A TCP port free on loopback right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Against the running legacy application at {@code app} (e.g. {@code http://127.0.0.1:8080/legacy}): a script
     * without a session gets 401; a user logs in at the provider and lands on the page asked for, where the servlet
     * API reports her, her role from the roles claim and the filter's auth type; logout ends the session here and
     * at the provider.
     *
     * @param auditFilterSeesUser whether the application's own filter runs after the OIDC filter (and so sees the
     *                            user)
     */
    static void loginScriptRequestAndLogout(String app, boolean auditFilterSeesUser) throws Exception {
        loginScriptRequestAndLogout(app, auditFilterSeesUser, (browser, url) -> { });
    }

    /** As above, with more checks made while the user is logged in. */
    static void loginScriptRequestAndLogout(String app, boolean auditFilterSeesUser, WhileLoggedIn more)
            throws Exception {
        assertEquals(401, fetch(app + "/whoami").statusCode(), "a script request without a session");
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser(SETTLE_TIMEOUT)) {
            browser.open(app + "/whoami?from=bookmark");
            assertTrue(browser.onLoginPage(), "the login page, got " + browser.current().getUrl());

            Page page = browser.logIn("alice", "alice-password");

            assertEquals(app + "/whoami?from=bookmark", page.getUrl().toString());
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertEquals("user=alice-0001 authType=OIDC admin=true auditor=false auditFilterSaw="
                    + (auditFilterSeesUser ? "alice-0001" : "null"), page.getWebResponse().getContentAsString());

            more.check(browser, app);

            browser.open(app + "/logout");
            // back from the provider's end_session, to the post-logout path "/", which is protected again; the
            // provider's own session ended too, so it shows its login form
            assertTrue(browser.onLoginPage(), "after logout: the login page, got " + browser.current().getUrl()
                    + "\n" + browser.current().getWebResponse().getContentAsString());
            browser.open(app + "/whoami");
            assertTrue(browser.onLoginPage(), "after logout the application asks for a login again");
        }
    }

    /** Checks made in the logged-in browser, given the application's URL. */
    @FunctionalInterface
    interface WhileLoggedIn {
        void check(HtmlUnitBrowser browser, String app) throws Exception;
    }

    /** Checks that none of the secrets given to the filter shows in the server's output. */
    static void assertNoSecret(String output, Map<String, String> environment) {
        for (String secret : new String[] {environment.get("OIDC_CLIENT_SECRET"), environment.get("OIDC_COOKIE_KEYS"),
                "alice-password"}) {
            assertFalse(output.contains(secret), "a secret in the server's output");
        }
    }

    private static HttpResponse<String> fetch(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .header("Sec-Fetch-Mode", "cors").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
