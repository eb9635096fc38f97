package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's high-security client against the certified {@code oidc-provider} (provider.mjs with
 * {@code OP_HIGH_SECURITY=1}), in headless Chromium across sites (the app on {@code https://127.0.0.1}, the provider
 * on {@code http://localhost}). The provider requires pushed authorization requests, authenticates the client by
 * {@code private_key_jwt} with the public key the test registered, issues only DPoP-bound access tokens
 * ({@code dpop_bound_access_tokens}) and demands a server nonce in every DPoP proof ({@code features.dPoP.requireNonce}).
 * The app is configured as the sample contract's high-security runs are: {@code client-auth=private_key_jwt},
 * {@code client-key} = a PKCS#8 PEM of an ES256 key made here, no {@code client-secret}, {@code dpop=true},
 * {@code userinfo=true}, and {@code par} left at its default {@code auto} (so PAR comes from discovery).
 *
 * <p>What the provider saw is read from its {@code /__interop/events}: in this mode every HTTP exchange (parameter
 * names, the client authentication, whether a DPoP proof came and with a nonce, the error answered) and every
 * grant (token type and a fingerprint of the access token's DPoP key binding {@code cnf.jkt}). The login test has
 * an app of its own, whose filter has learnt no DPoP nonce yet, so that its first proof is always refused.
 */
class ChromiumHighSecurityIT {

    private static final Duration SHORT_TTL = Duration.ofSeconds(8);
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(4);
    private static final String POST_LOGOUT_PATH = "/public/index.html";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static ClientKeys keys;
    private static NodeOidcProvider provider;
    private static SampleApp app;
    /** Only for the login test: an app whose filter has learnt no DPoP nonce yet, whatever ran before. */
    private static SampleApp freshApp;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        keys = ClientKeys.es256();
        int appPort = FreePorts.next();
        int freshPort = FreePorts.next();
        provider = NodeOidcProvider.builder("localhost", FreePorts.next())
                .redirectUris(List.of(SampleApp.callbackUrl("https", "127.0.0.1", appPort),
                        SampleApp.callbackUrl("https", "127.0.0.1", freshPort)))
                .postLogoutRedirectUris(List.of("https://127.0.0.1:" + appPort + "/logout"))
                .accessTokenTtl(SHORT_TTL)
                .highSecurity(keys.publicJwks())
                .start();
        app = highSecurityApp("chromium-high-security", appPort, keys.privateKeyPem()).start();
        freshApp = highSecurityApp("chromium-high-security-fresh", freshPort, keys.privateKeyPem())
                .sessionCookieName("FRESHSESSIONID").start();
        chromium = Chromium.start(true);
    }

    /** The sample contract's high-security settings; no client-secret, no par (auto). */
    private static SampleApp.Builder highSecurityApp(String name, int port, String privateKeyPem) {
        SampleApp.Builder builder = SampleApp.https(name, "127.0.0.1", port)
                .param("issuer", provider.issuer())
                .param("client-id", NodeOidcProvider.CLIENT_ID)
                .param("client-auth", "private_key_jwt")
                .param("dpop", "true")
                .param("userinfo", "true")
                .param("scope", "openid profile email offline_access")
                // oidc-provider keeps offline_access (a refresh token) only when consent is prompted for
                .param("prompt", "consent")
                .param("refresh-before-expiry", Long.toString(REFRESH_BEFORE_EXPIRY.toSeconds()))
                .param("post-logout-path", POST_LOGOUT_PATH);
        return privateKeyPem == null ? builder : builder.param("client-key", privateKeyPem);
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(chromium, app, freshApp, provider);
    }

    @AfterEach
    void freshBrowserState() {
        if (chromium != null) {
            chromium.reset();
        }
    }

    /**
     * Login: the authorization parameters are pushed (the browser carries only client_id and request_uri), every
     * provider call authenticates with a client assertion and no secret, the code grant's first proof is refused
     * with {@code use_dpop_nonce} and the retry with the nonce gets a DPoP token, and UserInfo, called with
     * {@code Authorization: DPoP} and a proof with {@code ath} and nonce, adds the claims the ID token lacks.
     */
    @Test
    void loginPushesTheRequestAuthenticatesWithTheKeyAndGetsDpopBoundTokensAfterTheNonceRetry() {
        int before = events().size();
        String original = freshApp.url("profile?hs=1");

        Map<String, Object> profile = logIn(freshApp, original, "alice");

        assertEquals("alice", profile.get("sub"));
        assertEquals(provider.issuer(), profile.get("iss"));
        assertEquals(true, profile.get("access_token_present"), () -> "profile: " + profile);
        // oidc-provider puts scope claims into the ID token only when no access token is issued (its
        // conformIdTokenClaims): e-mail and name in /profile came from UserInfo
        assertEquals("alice@example.com", profile.get("email"), () -> "UserInfo claims missing: " + profile);
        assertEquals("alice", profile.get("name"), () -> "UserInfo claims missing: " + profile);

        List<Map<String, Object>> since = since(before);
        // PAR: one push, client-authenticated by private_key_jwt, no secret anywhere
        List<Map<String, Object>> pushes = http(since, "POST", "/request");
        assertEquals(1, pushes.size(), () -> "pushed authorization requests: " + describe(since));
        Map<String, Object> push = pushes.get(0);
        assertEquals(201, status(push), () -> "push: " + push + "\n" + provider.output());
        assertClientAssertion(push);
        assertTrue(names(push, "form").containsAll(List.of("code_challenge", "code_challenge_method", "nonce",
                "redirect_uri", "response_type", "scope", "state")), () -> "pushed: " + push);
        List<Map<String, Object>> authorizations = http(since, "GET", "/auth");
        assertFalse(authorizations.isEmpty(), () -> describe(since));
        assertEquals(List.of("client_id", "request_uri"), names(authorizations.get(0), "query"),
                () -> "the browser's authorization request: " + authorizations.get(0));

        // the code grant: refused once for want of a nonce, then a DPoP token bound to the session's key
        List<Map<String, Object>> tokenCalls = http(since, "POST", "/token");
        assertEquals(2, tokenCalls.size(), () -> "token requests: " + describe(since));
        Map<String, Object> first = tokenCalls.get(0);
        Map<String, Object> retry = tokenCalls.get(1);
        assertEquals(400, status(first), () -> "first: " + first);
        assertEquals("use_dpop_nonce", first.get("error"), () -> "first: " + first);
        assertEquals(true, first.get("dpop_proof"));
        assertEquals(false, first.get("dpop_nonce_in_proof"), () -> "first: " + first);
        assertEquals(true, first.get("dpop_nonce_answered"), () -> "the provider sent a DPoP-Nonce: " + first);
        assertEquals(200, status(retry), () -> "retry: " + retry + "\n" + provider.output());
        assertEquals(true, retry.get("dpop_proof"));
        assertEquals(true, retry.get("dpop_nonce_in_proof"), () -> "retry: " + retry);
        tokenCalls.forEach(ChromiumHighSecurityIT::assertClientAssertion);

        Map<String, Object> grant = onlyGrant(since, "authorization_code");
        assertEquals("DPoP", grant.get("token_type"), () -> "grant: " + grant);
        Object jkt = grant.get("access_token_jkt");
        assertNotNull(jkt, () -> "the access token carries no DPoP binding (cnf.jkt): " + grant);

        // UserInfo with the bound token: DPoP scheme, a proof with ath and a nonce, answered 200 for that key
        List<Map<String, Object>> userinfo = http(since, "GET", "/me");
        assertFalse(userinfo.isEmpty(), () -> "UserInfo was not called: " + describe(since));
        for (Map<String, Object> call : userinfo) {
            assertEquals("DPoP", call.get("authorization_scheme"), () -> "UserInfo: " + call);
            assertEquals(true, call.get("dpop_proof"), () -> "UserInfo: " + call);
            assertEquals(true, call.get("dpop_ath_in_proof"), () -> "UserInfo: " + call);
        }
        Map<String, Object> last = userinfo.get(userinfo.size() - 1);
        assertEquals(200, status(last), () -> "UserInfo: " + describe(userinfo) + "\n" + provider.output());
        assertEquals(true, last.get("dpop_nonce_in_proof"), () -> "UserInfo: " + last);
        assertEquals(jkt, last.get("dpop_jkt"), () -> "UserInfo saw another binding: " + last);
        assertTrue(userinfo.size() == 1 || "use_dpop_nonce".equals(userinfo.get(0).get("error")),
                () -> "more than one UserInfo call, and not for a nonce: " + describe(userinfo));
        List<Map<String, Object>> grantErrors = since.stream().filter(e -> "grant.error".equals(e.get("event"))).toList();
        assertEquals(1, grantErrors.size(), () -> describe(since));
        assertEquals("use_dpop_nonce", grantErrors.get(0).get("error"), () -> describe(since));
    }

    /**
     * Refresh: once due, the next page request refreshes with a proof of the same session key (the new access
     * token is bound to the same {@code jkt}) and a client assertion, and UserInfo is called again with the new
     * token; the session goes on with a new ID token.
     */
    @Test
    void refreshWithDpopKeepsTheSessionAndTheKeyBinding() throws Exception {
        int before = events().size();
        Map<String, Object> first = logIn(app.url("profile"), "bob");
        Object jkt = onlyGrant(since(before), "authorization_code").get("access_token_jkt");
        assertNotNull(jkt);
        int beforeRefresh = events().size();

        Instant deadline = Instant.now().plus(SHORT_TTL).plusSeconds(4);
        Map<String, Object> refreshed;
        while (true) {
            Thread.sleep(500);
            chromium.driver().get(app.url("profile"));
            chromium.awaitUrl(app.url("profile"));
            refreshed = Json.object(chromium.jsonText());
            if (!grants(since(beforeRefresh), "refresh_token").isEmpty()) {
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), () -> "no refresh within " + SHORT_TTL.plusSeconds(4)
                    + ": " + describe(since(beforeRefresh)) + "\n" + provider.output());
        }
        List<Map<String, Object>> since = since(beforeRefresh);
        Map<String, Object> refresh = onlyGrant(since, "refresh_token");
        assertEquals("DPoP", refresh.get("token_type"), () -> "refresh: " + refresh);
        assertEquals(jkt, refresh.get("access_token_jkt"), () -> "the refreshed token is bound to another key: "
                + refresh + " (login: " + jkt + ")");
        assertEquals(true, refresh.get("rotated"), () -> "refresh: " + refresh);
        Map<String, Object> call = http(since, "POST", "/token").stream()
                .filter(c -> status(c) == 200).findFirst()
                .orElseThrow(() -> new AssertionError("no successful refresh request: " + describe(since)));
        assertEquals(true, call.get("dpop_proof"), () -> "refresh request: " + call);
        assertEquals(true, call.get("dpop_nonce_in_proof"), () -> "refresh request: " + call);
        assertClientAssertion(call);
        List<Map<String, Object>> userinfo = http(since, "GET", "/me");
        assertFalse(userinfo.isEmpty(), () -> "no UserInfo after the refresh: " + describe(since));
        Map<String, Object> lastUserinfo = userinfo.get(userinfo.size() - 1);
        assertEquals(200, status(lastUserinfo), () -> describe(userinfo));
        assertEquals("DPoP", lastUserinfo.get("authorization_scheme"));

        assertEquals("bob", refreshed.get("sub"));
        assertEquals(first.get("auth_time"), refreshed.get("auth_time"), "the same login");
        assertTrue(((Number) refreshed.get("iat")).longValue() > ((Number) first.get("iat")).longValue(),
                () -> "a new ID token: " + first.get("iat") + " -> ");
        assertEquals("bob@example.com", refreshed.get("email"));
        assertFalse(names(since).contains("grant.error"), () -> describe(since));
    }

    /** RP-initiated logout: the provider's confirmation, its end_session event, back at post-logout-path, no session. */
    @Test
    void rpInitiatedLogoutEndsTheSessionAtTheAppAndTheProvider() {
        logIn(app.url("profile"), "carol");
        int before = events().size();
        ChromeDriver driver = chromium.driver();

        driver.get(app.url("logout"));
        chromium.awaitUrlStartingWith(provider.issuer() + "/session/end");
        driver.findElement(By.cssSelector("button[name='logout'][value='yes']")).click();
        chromium.awaitUrl(app.url(POST_LOGOUT_PATH.substring(1)));

        assertTrue(names(since(before)).contains("end_session.success"), () -> describe(since(before)));
        // no session at the app, none at the provider: a protected page leads to the login form again
        driver.get(app.url("profile"));
        awaitLoginPage();
    }

    /** Negative control: a key the provider does not know is refused at the push, so the login cannot start. */
    @Test
    void unregisteredClientKeyIsRefusedByTheProviderAtThePush() throws Exception {
        int before = events().size();
        try (SampleApp other = highSecurityApp("chromium-high-security-other-key", FreePorts.next(),
                ClientKeys.es256().privateKeyPem()).start()) {
            chromium.driver().get(other.url("profile"));
            chromium.awaitUrlStartingWith(other.baseUrl());
            long status = chromium.documentStatus();
            assertTrue(status == 502 || status == 503, () -> "expected the filter's provider-error page, got " + status
                    + ":\n" + chromium.bodyText());
        }
        List<Map<String, Object>> pushes = http(since(before), "POST", "/request");
        assertEquals(1, pushes.size(), () -> describe(since(before)));
        assertEquals(401, status(pushes.get(0)), () -> "push: " + pushes.get(0));
        assertEquals("invalid_client", pushes.get(0).get("error"));
        assertTrue(http(since(before), "GET", "/auth").isEmpty(), () -> describe(since(before)));
    }

    /** The contract: private_key_jwt without client-key (and no secret) stops the app at start-up, naming the setting. */
    @Test
    void privateKeyJwtWithoutClientKeyFailsTheStart() {
        Exception failure = assertThrows(Exception.class,
                () -> highSecurityApp("chromium-high-security-no-key", FreePorts.next(), null).start().close());
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("client-key")
                && m.contains("is required with client-auth=private_key_jwt")), () -> "failure: " + messages);
    }

    /** Logs in through oidc-provider's login (and consent) page and returns the JSON shown at {@code original}. */
    private static Map<String, Object> logIn(String original, String login) {
        return logIn(app, original, login);
    }

    private static Map<String, Object> logIn(SampleApp app, String original, String login) {
        ChromeDriver driver = chromium.driver();
        driver.get(original);
        awaitLoginPage();
        driver.findElement(By.cssSelector("form input[name='login']")).sendKeys(login);
        driver.findElement(By.cssSelector("form input[name='password']")).sendKeys("any-password");
        driver.findElement(By.cssSelector("form button[type='submit']")).click();
        Instant deadline = Instant.now().plus(Chromium.WAIT);
        while (!driver.getCurrentUrl().startsWith(app.baseUrl())) {
            List<WebElement> consent = driver.findElements(By.cssSelector(
                    "form input[name='prompt'][value='consent']"));
            if (!consent.isEmpty()) {
                driver.findElement(By.cssSelector("form button[type='submit']")).click();
            }
            assertTrue(Instant.now().isBefore(deadline), () -> "did not get back to the app; the browser shows "
                    + driver.getCurrentUrl() + ":\n" + chromium.bodyText() + "\n" + provider.output());
            sleep(100);
        }
        chromium.awaitUrl(original);
        return Json.object(chromium.jsonText());
    }

    private static void awaitLoginPage() {
        chromium.awaitUrlStartingWith(provider.issuer() + "/interaction/");
        assertFalse(chromium.driver().findElements(By.cssSelector("form input[name='login']")).isEmpty(),
                () -> "expected oidc-provider's login page, got:\n" + chromium.bodyText());
    }

    private static void assertClientAssertion(Map<String, Object> call) {
        assertEquals(JWT_BEARER, call.get("client_assertion_type"), () -> "client authentication: " + call);
        assertTrue(names(call, "form").contains("client_assertion"), () -> "client authentication: " + call);
        assertFalse(names(call, "form").contains("client_secret"), () -> "a secret was sent: " + call);
        assertFalse("Basic".equals(call.get("authorization_scheme")), () -> "a secret was sent: " + call);
    }

    private static Map<String, Object> onlyGrant(List<Map<String, Object>> events, String grantType) {
        List<Map<String, Object>> grants = grants(events, grantType);
        assertEquals(1, grants.size(), () -> grantType + " grants: " + describe(events));
        return grants.get(0);
    }

    private static List<Map<String, Object>> grants(List<Map<String, Object>> events, String grantType) {
        return events.stream().filter(e -> "grant.success".equals(e.get("event"))
                && grantType.equals(e.get("grant_type"))).toList();
    }

    private static long status(Map<String, Object> call) {
        return ((Number) call.get("status")).longValue();
    }

    private static List<Map<String, Object>> http(List<Map<String, Object>> events, String method, String path) {
        return events.stream().filter(e -> "http".equals(e.get("event")) && method.equals(e.get("method"))
                && path.equals(e.get("path"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> call, String member) {
        return ((List<Object>) call.get(member)).stream().map(String::valueOf).toList();
    }

    private static List<Object> names(List<Map<String, Object>> events) {
        return events.stream().map(e -> e.get("event")).toList();
    }

    private static List<Map<String, Object>> since(int index) {
        List<Map<String, Object>> all = events();
        return all.subList(index, all.size());
    }

    private static List<Map<String, Object>> events() {
        try {
            return provider.events();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(List<Map<String, Object>> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> !Objects.equals("GET", e.get("method")) || !String.valueOf(e.get("path"))
                .startsWith("/.well-known")).forEach(e -> text.append("\n  ").append(e));
        return text.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
