package dev.oidchybrid.testkit.junit;

import static dev.oidchybrid.testkit.junit.OidcTestKitTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.DemoUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The builder's options reach the provider and the application. */
class OidcTestKitOptionsTest {

    private static final DemoUser DAVE = new DemoUser("dave", "dave-secret", "dave-0004",
            Map.of("groups", List.of("admin"), "email", "dave@example.com"));

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder()
            .signingAlgorithm("ES256")
            .idTokenLifetime(Duration.ofMinutes(2))
            .accessTokenLifetime(Duration.ofMinutes(3))
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-30)))
            .user(DAVE)
            .client(new ClientRegistration("shop", "shop-secret", List.of("http://127.0.0.1:*")))
            .rolesClaim("groups")
            .build();

    private static ProtectedApp app;

    @BeforeAll
    static void startApp() {
        app = ProtectedApp.start("groups");  // the app's own roles claim, which the kit's rolesClaim matches
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void loggedInWhenOptionsGivenThenTokensFollowClockLifetimesAndClient() {
        Instant before = Instant.now();

        Map<String, Object> claims = json(oidc.loggedIn(DAVE, app.url("/whoami")).landingPage().body());

        long iat = ((Number) claims.get("iat")).longValue();
        long exp = ((Number) claims.get("exp")).longValue();
        assertEquals("dave-0004", claims.get("sub"));
        assertEquals("shop", claims.get("aud"));
        assertEquals(120, exp - iat, "ID token lifetime");
        assertEquals(180, app.lastExpiresIn().intValue(), "access token lifetime");
        assertTrue(iat <= before.getEpochSecond() - 25, "the provider's clock runs 30 s behind: iat " + iat);
    }

    @Test
    void discoveryWhenSigningAlgorithmGivenThenAdvertised() throws Exception {
        HttpResponse<String> metadata = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(oidc.issuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(List.of("ES256"), json(metadata.body()).get("id_token_signing_alg_values_supported"));
    }

    @Test
    void loggedInWhenRolesClaimGivenThenRolesTravelInIt() {
        LoggedInClient client = oidc.loggedIn(oidc.user("eve").roles("admin"), app.url("/admin"));

        assertEquals(200, client.landingPage().statusCode(), client.landingPage()::body);
        assertEquals(List.of("admin"), json(client.get("/whoami").body()).get("groups"));
    }

    @Test
    void systemPropertiesWhenClientAndRolesClaimGivenThenTheClientsAndNoRolesClaim() {
        assertEquals("shop", System.getProperty("oidc.client-id"));
        assertEquals("shop-secret", System.getProperty("oidc.client-secret"));
        assertNull(System.getProperty("oidc.roles-claim"), "the roles claim stays the application's own setting");
    }

    @Test
    void providerWhenUserGivenToTheBuilderThenKnownBesidesAliceAndBob() {
        assertEquals(List.of("alice", "bob", "dave"),
                oidc.provider().users().stream().map(DemoUser::username).limit(3).toList());
    }
}
