package dev.oidchybrid.dropin;

import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.Page;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the container's own security must do for the {@link SecuredWar} once it logs users in through the filter
 * ({@code OIDC_CONTAINER_AUTH}): alice (role admin) passes the constraints, bob (no admin role) gets the container's
 * 403, an anonymous navigation logs in, a script gets 401, {@code logout()} ends the session.
 */
final class SecuredAppChecks {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    private SecuredAppChecks() {
    }

    /** The operator's settings beside {@link LegacyAppChecks#filterEnvironment}, for the WAR at {@code path}. */
    static java.util.Map<String, String> environment(String path) {
        return java.util.Map.of("OIDC_AUTO_REGISTER", path, "OIDC_CONTAINER_AUTH", "true",
                "OIDC_EXCLUDE_PATHS", "/health, /public/*");
    }

    /**
     * @param ejb                   whether the WAR has the EJB (WildFly): its {@code @RolesAllowed} and the caller
     *                              identity it sees
     * @param authenticateOnExcluded whether {@code request.authenticate()} on a path neither the filter nor a
     *                              constraint guards starts a login (Tomcat and WildFly ask the module there; Jetty
     *                              asks it only where a constraint needs a user)
     */
    static void run(String app, boolean ejb, boolean authenticateOnExcluded) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(app + "/admin/report"))
                .header("Accept", "application/json").header("Sec-Fetch-Mode", "cors")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, script.statusCode(), "a script without a session: " + script.body());

        try (HtmlUnitBrowser alice = new HtmlUnitBrowser(SETTLE_TIMEOUT)) {
            alice.open(app + "/admin/report?from=bookmark");
            assertTrue(alice.onLoginPage(), "the login page, got " + alice.current().getUrl());
            Page admin = alice.logIn("alice", "alice-password");
            assertEquals(app + "/admin/report?from=bookmark", admin.getUrl().toString());
            assertEquals(200, admin.getWebResponse().getStatusCode(), text(admin));
            assertEquals("user=alice-0001 admin=true", text(admin));

            Page staff = alice.open(app + "/staff");
            assertEquals(200, staff.getWebResponse().getStatusCode(), text(staff));
            assertEquals("staff alice-0001", text(staff));
            if (ejb) {
                Page report = alice.open(app + "/members/report");
                assertEquals("ejb caller=alice-0001 admin=true", text(report));
                Page api = alice.open(app + "/members/api/report");
                assertEquals("jaxrs alice-0001 admin=true", text(api));
            }

            Page loggedOut = alice.open(app + "/members/home?logout");
            assertEquals("user=null admin=false", text(loggedOut), "logout() ends the user for this request");
            // the local session ended (the provider's did not: logout() is not the filter's /logout)
            org.htmlunit.WebResponse again = alice.navigate(app + "/admin/report");
            assertEquals(302, again.getStatusCode(), "after logout() a constrained page logs in again: "
                    + again.getContentAsString());
        }

        try (HtmlUnitBrowser bob = new HtmlUnitBrowser(SETTLE_TIMEOUT)) {
            bob.open(app + "/members/home");
            Page members = bob.logIn("bob", "bob-password");
            assertEquals(200, members.getWebResponse().getStatusCode(), text(members));
            assertEquals("user=bob-0002 admin=false", text(members));

            Page admin = bob.open(app + "/admin/report");
            assertEquals(403, admin.getWebResponse().getStatusCode(), "the container refuses bob: " + text(admin));
            assertEquals(403, bob.open(app + "/staff").getWebResponse().getStatusCode());
            if (ejb) {
                Page report = bob.open(app + "/members/report");
                assertEquals(403, report.getWebResponse().getStatusCode(), text(report));
                assertEquals("ejb refused bob-0002", text(report));
                assertEquals(403, bob.open(app + "/members/api/report").getWebResponse().getStatusCode(),
                        "RESTEasy's @RolesAllowed refuses bob");
            }
        }

        if (authenticateOnExcluded) {
            try (HtmlUnitBrowser carol = new HtmlUnitBrowser(SETTLE_TIMEOUT)) {
                carol.open(app + "/public/login?authenticate");
                assertTrue(carol.onLoginPage(), "authenticate() logs in, got " + carol.current().getUrl());
                Page back = carol.logIn("alice", "alice-password");
                assertEquals(app + "/public/login?authenticate", back.getUrl().toString());
                assertEquals("user=alice-0001 admin=true", text(back));
            }
        }
    }

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }
}
