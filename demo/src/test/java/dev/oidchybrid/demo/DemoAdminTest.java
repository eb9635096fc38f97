package dev.oidchybrid.demo;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.LoggedInClient;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample's {@code /admin} in the demo's Jetty, as {@code java -jar demo/target/oidc-demo.jar} serves it: the
 * WAR's {@code <security-constraint>} (role admin) enforced by Jetty with the filter's login (container-auth).
 */
class DemoAdminTest {

    /** The development provider, and the filter's settings for it as system properties. */
    @RegisterExtension
    @Order(1)
    static final OidcTestKit oidc = OidcTestKit.builder().build();

    private static Server server;
    private static String base;

    @BeforeAll
    static void startDemo() throws Exception {
        server = DemoServer.newServer(0, Path.of(System.getProperty(DemoServer.WAR_PROPERTY)));
        server.start();
        base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/";
    }

    @AfterAll
    static void stopDemo() throws Exception {
        server.stop();
    }

    @Test
    void adminWhenAliceThenTheConstraintLetsTheAdminIn() {
        LoggedInClient alice = oidc.loggedIn(DemoUser.alice(), base + "admin");
        HttpResponse<String> page = alice.landingPage();

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("admin alice-0001 isUserInRole(admin)=true", page.body());
    }

    @Test
    void adminWhenBobThen403FromTheContainer() {
        LoggedInClient bob = oidc.loggedIn(DemoUser.bob(), base + "hello");
        assertEquals("hello bob-0002", bob.landingPage().body());

        HttpResponse<String> admin = bob.get("admin");

        assertEquals(403, admin.statusCode(), admin.body());
        assertFalse(admin.body().contains("isUserInRole"));
    }

    @Test
    void adminWhenAnonymousNavigationThenTheLoginStarts() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "admin")).header("Accept", "text/html").header("Sec-Fetch-Mode", "navigate").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(302, response.statusCode());
        assertTrue(response.headers().firstValue("Location").orElse("").startsWith(oidc.issuer()));
    }
}
