package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndSessionEndpointTest {

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
        client = new OpClient(op);
    }

    @Test
    void endSessionWhenRedirectRegisteredThenRedirectsWithStateAndEndsSso() {
        String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");

        HttpResponse<String> response = client.get("/end_session", Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", "http://localhost:8080/bye?x=1", "state", "s 1"));

        assertEquals(302, response.statusCode());
        assertEquals("http://localhost:8080/bye?x=1&state=s+1", response.headers().firstValue("Location").orElseThrow());
        assertTrue(response.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertNull(client.ssoCookie());
        assertLoginRequired();
    }

    @Test
    void endSessionWhenClientIdInsteadOfHintThenRedirects() {
        client.signIn(AuthRequest.valid());

        HttpResponse<String> response = client.get("/end_session", Map.of("client_id", DevProvider.DEMO_CLIENT_ID,
                "post_logout_redirect_uri", "http://127.0.0.1:3000/"));

        assertEquals(302, response.statusCode());
        assertEquals("http://127.0.0.1:3000/", response.headers().firstValue("Location").orElseThrow());
        assertLoginRequired();
    }

    @Test
    void endSessionWhenRedirectNotRegisteredThenShowsLoggedOutPage() {
        client.signIn(AuthRequest.valid());

        HttpResponse<String> response = client.get("/end_session", Map.of("client_id", DevProvider.DEMO_CLIENT_ID,
                "post_logout_redirect_uri", "https://evil.example/"));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("You are logged out"));
        assertLoginRequired();
    }

    @Test
    void endSessionWhenNoParametersThenShowsLoggedOutPage() {
        client.signIn(AuthRequest.valid());

        HttpResponse<String> response = client.get("/end_session");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("You are logged out"));
        assertLoginRequired();
    }

    @Test
    void endSessionWhenHintSignatureInvalidThen400AndSessionKept() {
        String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");
        String forged = idToken.substring(0, idToken.lastIndexOf('.') + 1) + "AAAA";

        HttpResponse<String> response = client.get("/end_session", Map.of("id_token_hint", forged,
                "post_logout_redirect_uri", "http://localhost:8080/bye"));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(OpClient.responseParams(client.authorize(AuthRequest.valid().with("prompt", "none")))
                .containsKey("code"));
    }

    @Test
    void endSessionWhenHintExpiredThenStillAccepted() {
        String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");
        CLOCK.advance(Duration.ofHours(2));

        HttpResponse<String> response = client.get("/end_session", Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", "http://localhost:8080/bye"));

        assertEquals(302, response.statusCode());
    }

    @Test
    void endSessionWhenClientIdNotInHintAudienceThen400() {
        String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");

        HttpResponse<String> response = client.get("/end_session", Map.of("id_token_hint", idToken,
                "client_id", "someone-else"));

        assertEquals(400, response.statusCode());
    }

    private void assertLoginRequired() {
        Map<String, String> params = OpClient.responseParams(client.authorize(AuthRequest.valid().with("prompt", "none")));
        assertEquals("login_required", params.get("error"));
    }
}
