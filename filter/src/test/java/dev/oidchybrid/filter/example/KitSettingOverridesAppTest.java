package dev.oidchybrid.filter.example;

import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A setting the test asks the kit for replaces the application's own, and the filter says so at start-up. */
class KitSettingOverridesAppTest {

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().setting("roles-claim", DevProvider.ROLES_CLAIM).build();

    @Test
    void settingWhenAskedForThenItWinsOverTheAppsOwnAndTheStartUpLineSaysOverWebXml() throws Exception {
        try (RolesClaimApp app = new RolesClaimApp("roles")) {
            assertEquals(200, oidc.loggedIn(oidc.user("carol").roles("admin"), app.url("/admin"))
                    .landingPage().statusCode());
        }
        String sources = KitLeavesAppSettingsTest.filterLines().stream().filter(l -> l.contains("settings from:"))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(sources.contains("roles-claim=oidc.roles-claim over web.xml"), sources);
    }
}
