package dev.oidchybrid.filter.example;

import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit sets only what a test must (issuer, client id and secret, a test cookie key): the application's own
 * settings are under test, so a wrong roles claim fails the test instead of being masked by the kit's.
 */
class KitLeavesAppSettingsTest {

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().build();

    @Test
    void adminPageWhenTheAppReadsTheWrongRolesClaimThenForbiddenEvenForAnAdmin() throws Exception {
        try (RolesClaimApp app = new RolesClaimApp("roles")) { // the provider sends https://example.com/roles
            assertEquals(403, oidc.loggedIn(oidc.user("carol").roles("admin"), app.url("/admin"))
                    .landingPage().statusCode());
        }
    }

    @Test
    void startWhenKitRunsThenTheFilterTakesTheKitsCookieKeyAndKeepsItsOwnRolesClaim() throws Exception {
        try (RolesClaimApp app = new RolesClaimApp("https://example.com/roles")) {
            assertEquals(200, oidc.loggedIn(oidc.user("carol").roles("admin"), app.url("/admin"))
                    .landingPage().statusCode());
        }
        List<String> lines = filterLines();
        assertFalse(lines.stream().anyMatch(l -> l.contains("cookie-keys is not set")), lines::toString);
        String sources = lines.stream().filter(l -> l.contains("settings from:")).reduce((a, b) -> b).orElseThrow();
        assertTrue(sources.contains("cookie-keys=oidc.cookie-keys") && sources.contains("roles-claim=web.xml"),
                sources);
    }

    static List<String> filterLines() {
        return LogSafety.records().stream().filter(l -> l.startsWith("dev.oidchybrid.filter ")).toList();
    }
}
