package dev.oidchybrid.filter.internal.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.oidchybrid.filter.internal.config.OidcConfigTest.problems;
import static dev.oidchybrid.filter.internal.config.OidcConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code health-path}: off by default, a plain path, none of the filter's other endpoints. */
class HealthPathSettingsTest {

    @Test
    void healthPathWhenUnsetThenNoEndpoint() {
        assertEquals(Optional.empty(), valid().build().paths().healthPath());
    }

    @Test
    void healthPathWhenPlainThenKept() {
        assertEquals(Optional.of("/oidc-health"),
                valid().set(InitParam.HEALTH_PATH, "/oidc-health").build().paths().healthPath());
    }

    @Test
    void healthPathWhenNotAPlainPathThenStartFailsNamingIt() {
        for (String bad : new String[] {"health", "/x/../health", "/health?x=1", "//health"}) {
            String problems = problems(valid().set(InitParam.HEALTH_PATH, bad));
            assertTrue(problems.contains("health-path must be a plain path"), bad + ": " + problems);
        }
    }

    @Test
    void healthPathWhenSameAsAnotherEndpointThenStartFailsNamingBoth() {
        assertTrue(problems(valid().set(InitParam.HEALTH_PATH, "/logout"))
                .contains("health-path must differ from logout-path"));
        assertTrue(problems(valid().set(InitParam.HEALTH_PATH, "/callback"))
                .contains("health-path must differ from redirect-path"));
    }

    @Test
    void healthPathWhenBearerModeThenTheSessionEndpointsDoNotCount() {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, "https://tenant.eu.auth0.com/")
                .set(InitParam.MODE, "bearer").set(InitParam.AUDIENCE, "api")
                .set(InitParam.HEALTH_PATH, "/logout").build();
        assertEquals(Optional.of("/logout"), config.paths().healthPath());
    }
}
