package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizeEndpointTest {

    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).build().start();
    }

    @AfterAll
    static void stop() {
        op.close();
    }

    @BeforeEach
    void newBrowser() {
        op.faults().reset();
        client = new OpClient(op);
    }

    // --- requests that must never be redirected (RFC 6749 4.1.2.1) ---

    @Test
    void authorizeWhenClientUnknownThenShows400PageWithoutRedirect() {
        HttpResponse<String> response = client.authorize(AuthRequest.valid().with("client_id", "nobody"));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(response.body().contains("Unknown client_id"), response.body());
    }

    @Test
    void authorizeWhenClientIdMissingThenShows400Page() {
        HttpResponse<String> response = client.authorize(AuthRequest.valid().without("client_id"));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/callback", "http://localhost:@evil.example/callback",
        "http://localhost:8080/callback#frag", "/relative/callback"})
    void authorizeWhenRedirectUriNotAllowedThenShows400PageWithoutRedirect(String redirectUri) {
        HttpResponse<String> response = client.authorize(AuthRequest.valid().with("redirect_uri", redirectUri));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertFalse(response.body().contains("<form method=\"post\""));
    }

    // --- errors returned to the client ---

    @Test
    void authorizeWhenResponseTypeUnsupportedThenUnsupportedResponseTypeWithIssAndState() {
        AuthRequest request = AuthRequest.valid().with("response_type", "token");

        HttpResponse<String> response = client.authorize(request);

        assertEquals(302, response.statusCode());
        assertEquals(AuthRequest.REDIRECT_URI, OpClient.responseTarget(response));
        Map<String, String> params = OpClient.responseParams(response);
        assertEquals("unsupported_response_type", params.get("error"));
        assertEquals(request.state(), params.get("state"));
        assertEquals(op.issuer(), params.get("iss"));
    }

    @Test
    void authorizeWhenScopeLacksOpenidThenInvalidScope() {
        Map<String, String> params = OpClient.responseParams(
                client.authorize(AuthRequest.valid().with("scope", "profile email")));

        assertEquals("invalid_scope", params.get("error"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"code id_token", "code id_token token"})
    void authorizeWhenNonceMissingForIdTokenTypeThenInvalidRequestViaFormPost(String responseType) {
        AuthRequest request = AuthRequest.valid().with("response_type", responseType)
                .with("response_mode", "form_post").without("nonce");

        HttpResponse<String> response = client.authorize(request);

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<body onload=\"document.forms[0].submit()\">"), response.body());
        assertTrue(response.body().contains("<noscript><button type=\"submit\">Continue</button></noscript>"));
        assertEquals(AuthRequest.REDIRECT_URI, OpClient.responseTarget(response));
        Map<String, String> params = OpClient.responseParams(response);
        assertEquals("invalid_request", params.get("error"));
        assertTrue(params.get("error_description").contains("nonce"), params::toString);
        assertEquals(request.state(), params.get("state"));
        assertEquals(op.issuer(), params.get("iss"));
    }

    @Test
    void authorizeWhenNonceMissingForCodeThenShowsLoginPage() {
        HttpResponse<String> response = client.authorize(AuthRequest.valid().without("nonce"));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<form id=\"login\""));
    }

    @Test
    void authorizeWhenCodeChallengeMissingThenInvalidRequest() {
        Map<String, String> params = OpClient.responseParams(client.authorize(
                AuthRequest.valid().without("code_challenge").without("code_challenge_method")));

        assertEquals("invalid_request", params.get("error"));
        assertTrue(params.get("error_description").contains("code_challenge"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", ""})
    void authorizeWhenCodeChallengeMethodNotS256ThenInvalidRequest(String method) {
        AuthRequest request = AuthRequest.valid().with("code_challenge_method", method);

        Map<String, String> params = OpClient.responseParams(client.authorize(request));

        assertEquals("invalid_request", params.get("error"));
        assertEquals(request.state(), params.get("state"));
    }

    @Test
    void authorizeWhenQueryModeRequestedForTokensThenErrorInFragment() {
        HttpResponse<String> response = client.authorize(
                AuthRequest.valid().with("response_type", "code id_token").with("response_mode", "query"));

        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(AuthRequest.REDIRECT_URI + "#"), location);
        assertEquals("invalid_request", OpClient.responseParams(response).get("error"));
    }

    @Test
    void authorizeWhenParameterRepeatedThenInvalidRequest() {
        AuthRequest request = AuthRequest.valid();
        String query = Params.encode(request.params) + "&scope=openid";

        Map<String, String> params = OpClient.responseParams(client.get("/authorize?" + query));

        assertEquals("invalid_request", params.get("error"));
    }

    @Test
    void authorizeWhenStateHoldsMarkupThenFormPostEscapesIt() {
        String state = "\"><script>alert(1)</script>&x=y";
        HttpResponse<String> response = client.authorize(AuthRequest.valid().with("state", state)
                .with("response_mode", "form_post").with("scope", "email"));

        assertFalse(response.body().contains("<script>"), response.body());
        assertEquals(state, OpClient.responseParams(response).get("state"));
    }

    // --- login page ---

    @Test
    void authorizeWhenNotSignedInThenShowsLoginPageWithDemoCredentials() {
        HttpResponse<String> page = client.authorize(AuthRequest.valid());

        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<form id=\"login\" method=\"post\" action=\"/authorize\">"), html);
        assertTrue(html.contains("name=\"username\""));
        assertTrue(html.contains("name=\"password\""));
        assertTrue(html.contains("name=\"action\" value=\"login\""));
        assertTrue(html.contains("name=\"action\" value=\"cancel\""));
        assertTrue(html.contains("alice-password") && html.contains("bob-password"), "demo credentials shown");
        assertNotNull(OpClient.hiddenFields(html).get("login_request"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void loginWhenPasswordWrongThenShowsLoginPageAgainWithMessage() {
        HttpResponse<String> page = client.authorize(AuthRequest.valid());

        HttpResponse<String> again = client.submitLogin(page, "alice", "wrong", "login");

        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("Wrong username or password"), again.body());
        assertTrue(again.body().contains("<form id=\"login\""));
        assertNull(client.ssoCookie());
        HttpResponse<String> retried = client.submitLogin(again, "alice", "alice-password", "login");
        assertNotNull(OpClient.responseParams(retried).get("code"));
    }

    @Test
    void loginWhenCancelledThenAccessDenied() {
        AuthRequest request = AuthRequest.valid();
        HttpResponse<String> page = client.authorize(request);

        Map<String, String> params = OpClient.responseParams(client.submitLogin(page, "", "", "cancel"));

        assertEquals("access_denied", params.get("error"));
        assertEquals(request.state(), params.get("state"));
        assertEquals(op.issuer(), params.get("iss"));
    }

    @Test
    void loginWhenLoginRequestUnknownThenShows400Page() {
        HttpResponse<String> response = client.postForm("/authorize",
                Map.of("login_request", "forged", "username", "alice", "password", "alice-password", "action", "login"));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @Test
    void loginWhenSucceededThenSetsHttpOnlySsoCookieAndRedirectsWithCode() {
        AuthRequest request = AuthRequest.valid();
        HttpResponse<String> page = client.authorize(request);

        HttpResponse<String> response = client.submitLogin(page, "alice", "alice-password", "login");

        assertEquals(302, response.statusCode());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("devop_sso="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        Map<String, String> params = OpClient.responseParams(response);
        assertEquals(Set.of("code", "state", "iss"), params.keySet());
    }

    // --- SSO, prompt and max_age ---

    @Test
    void authorizeWhenSsoSessionThenSkipsLoginPage() {
        client.signIn(AuthRequest.valid());

        HttpResponse<String> second = client.authorize(AuthRequest.valid());

        assertEquals(302, second.statusCode());
        assertNotNull(OpClient.responseParams(second).get("code"));
    }

    @Test
    void authorizeWhenPromptNoneWithoutSessionThenLoginRequired() {
        Map<String, String> params = OpClient.responseParams(client.authorize(AuthRequest.valid().with("prompt", "none")));

        assertEquals("login_required", params.get("error"));
    }

    @Test
    void authorizeWhenPromptNoneWithSessionThenReturnsCode() {
        client.signIn(AuthRequest.valid());

        Map<String, String> params = OpClient.responseParams(client.authorize(AuthRequest.valid().with("prompt", "none")));

        assertNotNull(params.get("code"), params::toString);
    }

    @Test
    void authorizeWhenPromptLoginThenShowsLoginPageDespiteSession() {
        client.signIn(AuthRequest.valid());

        HttpResponse<String> response = client.authorize(AuthRequest.valid().with("prompt", "login"));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<form id=\"login\""));
    }

    @Test
    void authorizeWhenMaxAgeExceededThenShowsLoginPageAndNewAuthTime() throws MalformedClaimException {
        client.signIn(AuthRequest.valid());
        long firstLogin = CLOCK.instant().getEpochSecond();
        CLOCK.advance(Duration.ofSeconds(120));

        AuthRequest withinAge = AuthRequest.valid().with("max_age", "300");
        assertEquals(302, client.authorize(withinAge).statusCode());
        AuthRequest tooOld = AuthRequest.valid().with("max_age", "60").with("response_type", "code id_token");
        HttpResponse<String> page = client.authorize(tooOld);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<form id=\"login\""));

        Map<String, String> params = OpClient.responseParams(client.submitLogin(page, "alice", "alice-password", "login"));
        JwtClaims claims = TokenVerifier.of(op, "RS256", CLOCK).verify(params.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertEquals(firstLogin + 120, claims.getClaimValue("auth_time", Long.class));
    }

    @Test
    void authorizeWhenAcrValuesRequestedThenLoginPageDespiteSessionAndFirstValueAsAcr() throws MalformedClaimException {
        client.signIn(AuthRequest.valid());
        AuthRequest stepUp = AuthRequest.valid().with("acr_values", "mfa pwd").with("response_type", "code id_token");

        HttpResponse<String> page = client.authorize(stepUp);
        assertTrue(page.body().contains("<form id=\"login\""), "a step-up authenticates again");
        Map<String, String> params = OpClient.responseParams(client.submitLogin(page, "alice", "alice-password", "login"));

        JwtClaims claims = TokenVerifier.of(op, "RS256", CLOCK).verify(params.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertEquals("mfa", claims.getClaimValue("acr", String.class));
    }

    @Test
    void authorizeWhenAcrOverrideThenAcrValuesIgnoredAndThatAcrStated() throws MalformedClaimException {
        client.signIn(AuthRequest.valid());
        op.faults().acrOverride("pwd");

        HttpResponse<String> answer = client.authorize(AuthRequest.valid().with("acr_values", "mfa")
                .with("response_type", "code id_token"));

        assertEquals(302, answer.statusCode(), "no login page: the SSO session answers");
        JwtClaims claims = TokenVerifier.of(op, "RS256", CLOCK).verify(OpClient.responseParams(answer).get("id_token"),
                DevProvider.DEMO_CLIENT_ID);
        assertEquals("pwd", claims.getClaimValue("acr", String.class));
    }

    @Test
    void authorizeWhenIgnoreMaxAgeThenSessionAnswersWithItsOldAuthTime() throws MalformedClaimException {
        client.signIn(AuthRequest.valid());
        long firstLogin = CLOCK.instant().getEpochSecond();
        CLOCK.advance(Duration.ofSeconds(120));
        op.faults().ignoreMaxAge(true);

        HttpResponse<String> answer = client.authorize(AuthRequest.valid().with("max_age", "60").with("prompt", "login")
                .with("response_type", "code id_token"));

        assertEquals(302, answer.statusCode());
        JwtClaims claims = TokenVerifier.of(op, "RS256", CLOCK).verify(OpClient.responseParams(answer).get("id_token"),
                DevProvider.DEMO_CLIENT_ID);
        assertEquals(firstLogin, claims.getClaimValue("auth_time", Long.class));
    }

    // --- successful responses ---

    @ParameterizedTest
    @CsvSource({
        "code,                query,     code state iss",
        "code,                form_post, code state iss",
        "code,                fragment,  code state iss",
        "code id_token,       fragment,  code id_token state iss",
        "code id_token,       form_post, code id_token state iss",
        "code token,          fragment,  code access_token token_type expires_in state iss",
        "code id_token token, form_post, code access_token token_type expires_in id_token state iss",
        "code id_token token, fragment,  code access_token token_type expires_in id_token state iss"})
    void authorizeWhenResponseTypeRequestedThenReturnsExactlyItsFields(String responseType, String mode, String fields) {
        AuthRequest request = AuthRequest.valid().with("response_type", responseType).with("response_mode", mode);

        HttpResponse<String> response = client.authorize(request);
        Map<String, String> params = OpClient.responseParams(client.submitLogin(response, "bob", "bob-password", "login"));

        assertEquals(Set.of(fields.split(" ")), params.keySet());
        assertEquals(request.state(), params.get("state"));
        assertEquals(op.issuer(), params.get("iss"));
        if (params.containsKey("token_type")) {
            assertEquals("Bearer", params.get("token_type"));
            assertEquals("300", params.get("expires_in"));
        }
    }

    @Test
    void authorizeWhenDefaultModeThenCodeInQueryAndHybridInFragment() {
        client.signIn(AuthRequest.valid());

        String code = client.authorize(AuthRequest.valid()).headers().firstValue("Location").orElseThrow();
        String hybrid = client.authorize(AuthRequest.valid().with("response_type", "id_token code"))
                .headers().firstValue("Location").orElseThrow();

        assertTrue(code.startsWith(AuthRequest.REDIRECT_URI + "?code="), code);
        assertTrue(hybrid.startsWith(AuthRequest.REDIRECT_URI + "#code="), hybrid);
    }

    @Test
    void authorizeWhenHybridThenIdTokenHasHashesNonceAndClaimsByScope() throws MalformedClaimException {
        AuthRequest request = AuthRequest.valid().with("response_type", "code id_token token")
                .with("response_mode", "form_post").with("scope", "openid email");

        Map<String, String> params = client.signIn(request);

        JwtClaims claims = TokenVerifier.of(op, "RS256", CLOCK).verify(params.get("id_token"), DevProvider.DEMO_CLIENT_ID);
        assertEquals("alice-0001", claims.getSubject());
        assertEquals(request.nonce(), claims.getClaimValue("nonce"));
        assertEquals(DevProvider.DEMO_CLIENT_ID, claims.getClaimValue("azp"));
        assertEquals(TokenVerifier.halfHash(params.get("code")), claims.getClaimValue("c_hash"));
        assertEquals(TokenVerifier.halfHash(params.get("access_token")), claims.getClaimValue("at_hash"));
        assertNotNull(claims.getClaimValue("auth_time"));
        assertEquals("alice@example.com", claims.getClaimValue("email"));
        assertEquals(true, claims.getClaimValue("email_verified"));
        assertFalse(claims.hasClaim("name"), "profile claims need the profile scope");
        assertEquals(List.of("admin", "user"), claims.getClaimValue(DevProvider.ROLES_CLAIM));
    }

    @Test
    void authorizeWhenPostedThenHandledLikeGet() {
        client.signIn(AuthRequest.valid());
        AuthRequest request = AuthRequest.valid();

        Map<String, String> params = OpClient.responseParams(client.postForm("/authorize", new LinkedHashMap<>(request.params)));

        assertNotNull(params.get("code"));
        assertEquals(request.state(), params.get("state"));
    }
}
