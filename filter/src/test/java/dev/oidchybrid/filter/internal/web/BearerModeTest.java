package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer mode end to end: a session-mode app obtains real access tokens from the development provider; an
 * API protected by the filter in bearer mode accepts or refuses them with RFC 6750 answers.
 */
class BearerModeTest {

    private static final String AUDIENCE = "appointments:api";
    private final MutableClock apiClock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.defaults();
    private FilterHarness webApp;
    private FilterHarness api;

    @BeforeEach
    void start() throws Exception {
        api = new FilterHarness(Map.of("mode", "bearer", "audience", AUDIENCE, "roles-claim", DevProvider.ROLES_CLAIM,
                "required-scopes", "/appointments/*=read:appointments; /admin/*=admin:all"), provider.environment(),
                apiClock, "/api");
    }

    @AfterEach
    void stop() throws Exception {
        if (webApp != null) {
            webApp.close();
        }
        api.close();
    }

    /** Logs alice in to a web app that asks for the given audience and scope, and returns her access token. */
    private String accessToken(String audience, String scope) throws Exception {
        Map<String, String> params = audience == null ? Map.of("scope", scope) : Map.of("audience", audience, "scope", scope);
        webApp = new FilterHarness(params, provider.environment());
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(webApp.url("/x")), "alice", "alice-password"));
        String body = browser.navigate(webApp.url("/x?at")).body();
        String token = body.lines().filter(l -> l.startsWith("rawAccessToken=")).map(l -> l.substring(15))
                .findFirst().orElseThrow();
        LogSafety.secret(token);
        return token;
    }

    private HttpResponse<String> call(String path, String... headers) {
        return new Browser().get(api.url(path), headers);
    }

    @Test
    void bearerWhenValidTokenWithTheScopeThenPassesWithPrincipalAndScopes() throws Exception {
        String token = accessToken(AUDIENCE, "openid read:appointments");
        HttpResponse<String> answer = call("/appointments/7", "Authorization", "Bearer " + token);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("user=alice-0001"));
        assertTrue(answer.body().contains("authType=Bearer"));
        assertTrue(answer.body().contains("scopes=[openid, read:appointments]"), answer.body());
        assertTrue(answer.headers().allValues("Set-Cookie").isEmpty(), "bearer mode never makes a session");
    }

    @Test
    void bearerWhenUsersIdTokenAndAudienceIsTheClientIdThen401InvalidToken() throws Exception {
        // wherever the API's audience equals the client id (common with Entra ID), the ID token's aud fits too
        FilterHarness clientIdApi = new FilterHarness(Map.of("mode", "bearer", "audience", DevProvider.DEMO_CLIENT_ID),
                Map.of("OIDC_ISSUER", provider.issuer()), apiClock, "/api2");
        try {
            String accessToken = accessToken(null, "openid");
            Browser browser = new Browser();
            browser.submit(browser.signInAtProvider(browser.navigate(webApp.url("/y")), "alice", "alice-password"));
            String idToken = browser.navigate(webApp.url("/y?idtoken")).body().lines()
                    .filter(l -> l.startsWith("rawIdToken=")).map(l -> l.substring(11)).findFirst().orElseThrow();
            LogSafety.secret(idToken);
            HttpResponse<String> withIdToken = new Browser().get(clientIdApi.url("/x"), "Authorization",
                    "Bearer " + idToken);
            assertEquals(401, withIdToken.statusCode(), withIdToken.body());
            assertTrue(withIdToken.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
            HttpResponse<String> withAccessToken = new Browser().get(clientIdApi.url("/x"), "Authorization",
                    "Bearer " + accessToken);
            assertEquals(200, withAccessToken.statusCode(), "the access token of the same login is accepted");
        } finally {
            clientIdApi.close();
        }
    }

    @Test
    void bearerWhenNoTokenThen401BearerChallengeWithoutErrorAndNoRedirect() {
        HttpResponse<String> answer = call("/appointments/7", "Accept", "text/html", "Sec-Fetch-Mode", "navigate");
        assertEquals(401, answer.statusCode());
        assertEquals("Bearer realm=\"appointments:api\"", answer.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(answer.headers().firstValue("Location").isEmpty());
    }

    @Test
    void bearerWhenGarbageTokenThen401InvalidToken() {
        HttpResponse<String> answer = call("/appointments/7", "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.x");
        assertEquals(401, answer.statusCode());
        assertTrue(answer.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
    }

    @Test
    void bearerWhenTokenIsForAnotherAudienceThen401() throws Exception {
        String token = accessToken(null, "openid read:appointments");
        assertEquals(401, call("/appointments/7", "Authorization", "Bearer " + token).statusCode());
    }

    @Test
    void bearerWhenTheIdTokenIsSentInsteadThen401() throws Exception {
        accessToken(AUDIENCE, "openid read:appointments");
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(webApp.url("/x")), "alice", "alice-password"));
        String idToken = browser.navigate(webApp.url("/x?idtoken")).body().lines()
                .filter(l -> l.startsWith("rawIdToken=")).map(l -> l.substring(11)).findFirst().orElseThrow();
        assertEquals(401, call("/appointments/7", "Authorization", "Bearer " + idToken).statusCode());
    }

    @Test
    void bearerWhenScopeMissingThen403InsufficientScopeNamingIt() throws Exception {
        String token = accessToken(AUDIENCE, "openid read:appointments");
        HttpResponse<String> answer = call("/admin/users", "Authorization", "Bearer " + token);
        assertEquals(403, answer.statusCode());
        assertEquals("Bearer realm=\"appointments:api\", error=\"insufficient_scope\", scope=\"admin:all\"",
                answer.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(200, call("/other", "Authorization", "Bearer " + token).statusCode(),
                "a path without a rule needs only a valid token");
    }

    @Test
    void bearerWhenTokenExpiredThen401() throws Exception {
        String token = accessToken(AUDIENCE, "openid read:appointments");
        apiClock.advance(Duration.ofMinutes(10));
        assertEquals(401, call("/appointments/7", "Authorization", "Bearer " + token).statusCode());
    }

    @Test
    void bearerWhenNotABearerSchemeThen400() {
        assertEquals(400, call("/appointments/7", "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode());
    }
}
