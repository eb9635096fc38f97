package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.TokenStage;
import org.jose4j.jwt.JwtClaims;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter (in a {@link FilterHarness}) in front of a {@link DevProvider}, for tests that make the provider
 * misbehave: walks one login to its callback and checks the outcome: a completed login with a session, or a
 * refusal with the right status and error code, no session, and (for front-channel faults) an authorization
 * code that never reached the token endpoint.
 */
final class LoginScenario implements AutoCloseable {

    static final String PROTECTED_PATH = "/orders/7";

    private final DevProvider provider;
    private final FilterHarness app;

    /**
     * @param initParams filter init-params besides issuer and client (e.g. {@code response-type})
     */
    LoginScenario(DevProvider provider, Map<String, String> initParams) throws Exception {
        this.provider = provider;
        Map<String, String> params = new HashMap<>(Map.of("roles-claim", DevProvider.ROLES_CLAIM));
        params.putAll(initParams);
        this.app = new FilterHarness(params, DevProviderFixture.environment(provider));
    }

    /** An ID token customizer that changes only the tokens of {@code stage}. */
    static BiConsumer<TokenStage, JwtClaims> at(TokenStage stage, Consumer<JwtClaims> change) {
        return (issued, claims) -> {
            if (issued == stage) {
                change.accept(claims);
            }
        };
    }

    /** Navigates to a protected page, signs in at the provider as alice, and submits the form_post callback. */
    HttpResponse<String> login(Browser browser) {
        HttpResponse<String> toProvider = browser.navigate(app.url(PROTECTED_PATH));
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        return browser.submit(browser.signInAtProvider(toProvider, "alice", "alice-password"));
    }

    /** Like {@link #login}, but the callback's {@code field} goes in the query string of its URL, not the body. */
    HttpResponse<String> loginWithFieldInQuery(Browser browser, String field) {
        HttpResponse<String> toProvider = browser.navigate(app.url(PROTECTED_PATH));
        Browser.FormPost form = browser.signInAtProvider(toProvider, "alice", "alice-password");
        Map<String, String> body = new HashMap<>(form.fields());
        String value = body.remove(field);
        String action = form.action() + "?" + field + "=" + java.net.URLEncoder.encode(value,
                java.nio.charset.StandardCharsets.UTF_8);
        return browser.submit(new Browser.FormPost(action, body));
    }

    /** The callback completed the login: 303 back to the page, which now shows alice. */
    void assertSignedIn(HttpResponse<String> callback, Browser browser) {
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app" + PROTECTED_PATH, Browser.location(callback));
        HttpResponse<String> page = browser.navigate(app.url(PROTECTED_PATH));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("user=alice-0001"), page.body());
    }

    /** The callback was refused with {@code status} and {@code errorCode}, and the browser has no session. */
    void assertRejected(HttpResponse<String> callback, Browser browser, int status, String errorCode) {
        assertEquals(status, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("<code>" + errorCode + "</code>"), callback.body());
        HttpResponse<String> again = browser.navigate(app.url(PROTECTED_PATH));
        assertEquals(302, again.statusCode(), "no session, so a protected page sends the browser to the provider");
        assertTrue(Browser.location(again).startsWith(provider.issuer() + "/authorize?"), Browser.location(again));
    }

    /** One login, refused before the code was redeemed: the token endpoint saw no request. */
    void assertRejectedWithoutCodeExchange(int status, String errorCode) {
        Browser browser = new Browser();
        int tokenRequests = provider.counters().token();
        HttpResponse<String> callback = login(browser);
        assertEquals(tokenRequests, provider.counters().token(), "the code must not reach the token endpoint");
        assertRejected(callback, browser, status, errorCode);
    }

    /** One login, refused after its code was redeemed once (a fault in the token endpoint's answer). */
    void assertRejectedAfterCodeExchange(int status, String errorCode) {
        Browser browser = new Browser();
        int tokenRequests = provider.counters().token();
        HttpResponse<String> callback = login(browser);
        assertEquals(tokenRequests + 1, provider.counters().token(), "exactly one code exchange");
        assertRejected(callback, browser, status, errorCode);
    }

    /** One login in a new browser, completed. */
    void assertLoginCompletes() {
        Browser browser = new Browser();
        assertSignedIn(login(browser), browser);
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
