package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserInfoEndpointTest {

    private static final TestClock CLOCK = TestClock.atSystemTime();
    private static DevProvider op;
    private OpClient client;

    @BeforeAll
    static void start() {
        op = DevProvider.builder().clock(CLOCK).accessTokenLifetime(Duration.ofMinutes(1)).build().start();
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
    void userinfoWhenTokenValidThenReturnsClaimsOfItsScope() {
        Map<String, Object> tokens = client.signInAndExchange(AuthRequest.valid().with("scope", "openid email"));

        HttpResponse<String> response = client.userinfo((String) tokens.get("access_token"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> claims = OpClient.json(response);
        assertEquals("alice-0001", claims.get("sub"));
        assertEquals("alice@example.com", claims.get("email"));
        assertEquals(true, claims.get("email_verified"));
        assertEquals(List.of("admin", "user"), claims.get(DevProvider.ROLES_CLAIM));
        assertFalse(claims.containsKey("name"), "name needs the profile scope");
    }

    @Test
    void userinfoWhenPostedThenReturnsClaims() {
        Map<String, Object> tokens = client.signInAndExchange(AuthRequest.valid());

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(op.issuer() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Alice Example", OpClient.json(response).get("name"));
    }

    @Test
    void userinfoWhenNoTokenThen401WithBearerChallenge() {
        HttpResponse<String> response = client.get("/userinfo");

        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
    }

    @Test
    void userinfoWhenTokenTamperedThen401InvalidToken() {
        String token = (String) client.signInAndExchange(AuthRequest.valid()).get("access_token");
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        assertInvalidToken(client.userinfo(tampered));
        assertInvalidToken(client.userinfo("not-a-jwt"));
    }

    @Test
    void userinfoWhenTokenExpiredThen401InvalidToken() {
        String token = (String) client.signInAndExchange(AuthRequest.valid()).get("access_token");
        CLOCK.advance(Duration.ofSeconds(61));

        assertInvalidToken(client.userinfo(token));
    }

    @Test
    void userinfoWhenIdTokenPresentedThen401InvalidToken() {
        String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");

        assertInvalidToken(client.userinfo(idToken));
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertEquals(401, response.statusCode());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer") && challenge.contains("error=\"invalid_token\""), challenge);
    }
}
