package dev.oidchybrid.it;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.http.PathTricks;
import dev.oidchybrid.testkit.http.RawHttp;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security review's path tricks against the sample WAR on each container (raw request targets, as
 * {@code curl --path-as-is} sends them): the sample excludes {@code /public/*} and {@code /api/*} from login and
 * protects {@code /api/appointments} in bearer mode with scope {@code read:appointments}. Containers refuse,
 * normalise or pass these paths differently, so each assertion is about what the protected servlet answered:
 * never its output for a user who is not signed in, never the API's data for a token without the scope, never
 * a 5xx.
 */
@RunAsClient
class PathTricksIT {

    @RegisterExtension
    @Order(1)
    static final OidcTestKit oidc = ItOidc.kit();

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension arquillian = new ArquillianExtension();

    @Deployment(testable = false)
    static WebArchive sample() {
        return SampleWar.copy("paths.war");
    }

    @ArquillianResource
    private URL base;

    @org.junit.jupiter.api.BeforeEach
    void onLocalhost() {
        base = ItOidc.onLocalhost(base);
    }

    /** The raw paths (below the context) that try to reach {@code target} through the sample's exclusions. */
    private static List<String> tricksTowards(String target) {
        List<String> tricks = new ArrayList<>(PathTricks.from("/public", target));
        tricks.addAll(PathTricks.from("/api", target));
        tricks.addAll(PathTricks.from("/public/x", target));
        return tricks;
    }

    @Test
    void excludedPathsWhenRawPathTricksAimAtProtectedServletsThenTheyNeverAnswerAnonymously() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        // whoami and profile answer JSON that only they write: any of it here is a protected servlet run for nobody
        for (String target : List.of("/whoami", "/profile")) {
            for (String trick : tricksTowards(target)) {
                RawHttp.Answer answer = RawHttp.get(base, trick, Map.of("Accept", "text/html"));
                statuses.merge(answer.status(), 1, Integer::sum);
                boolean servletRan = answer.body().contains("\"roles\"")
                        || answer.body().contains("\"access_token_present\"");
                if (servletRan) {
                    failures.add(trick + " -> " + answer.status() + " " + answer.body());
                } else if (answer.status() >= 500 || answer.status() < 0) {
                    failures.add(trick + " -> " + answer.status());
                }
            }
        }
        assertTrue(failures.isEmpty(), "statuses " + statuses + "\n" + String.join("\n", failures));
        // the probe can see a run: the same servlet through its plain path starts a login instead
        assertEquals(302, RawHttp.get(base, "/whoami", Map.of("Accept", "text/html")).status());
    }

    @Test
    void healthPathWhenSpelledPlainlyThenItAnswersAndThroughItNoProtectedServletAnswersAnonymously() throws Exception {
        RawHttp.Answer health = RawHttp.get(base, "/oidc-health", Map.of());
        assertEquals(200, health.status(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        List<String> failures = new ArrayList<>();
        for (String target : List.of("/whoami", "/profile")) {
            for (String trick : PathTricks.from("/oidc-health", target)) {
                RawHttp.Answer answer = RawHttp.get(base, trick, Map.of("Accept", "text/html"));
                if (answer.body().contains("\"roles\"") || answer.body().contains("\"access_token_present\"")
                        || answer.status() >= 500 || answer.status() < 0) {
                    failures.add(trick + " -> " + answer.status() + " " + answer.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void requiredScopesWhenApiPathSpelledDifferentlyThenTokenWithoutTheScopeGetsNoData() throws Exception {
        String narrow = oidc.provider().accessToken(DemoUser.alice(), "appointments:api", List.of("openid"));
        List<String> paths = new ArrayList<>(PathTricks.spellings("/api/appointments"));
        paths.addAll(PathTricks.from("/api/other", "/api/appointments"));
        paths.addAll(PathTricks.from("/public", "/api/appointments"));
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String path : paths) {
            RawHttp.Answer answer = RawHttp.get(base, path, Map.of("Authorization", "Bearer " + narrow));
            statuses.merge(answer.status(), 1, Integer::sum);
            if (answer.body().contains("\"owner\"")) {
                failures.add(path + " -> " + answer.status() + " " + answer.body());
            } else if (answer.status() >= 500 || answer.status() < 0) {
                failures.add(path + " -> " + answer.status());
            }
        }
        assertTrue(failures.isEmpty(), "statuses " + statuses + "\n" + String.join("\n", failures));
        // the probe can see data: a token with the scope gets it on the plain path
        String wide = oidc.provider().accessToken(DemoUser.alice(), "appointments:api",
                List.of("openid", "read:appointments"));
        RawHttp.Answer data = RawHttp.get(base, "/api/appointments", Map.of("Authorization", "Bearer " + wide));
        assertEquals(200, data.status(), data.body());
        assertTrue(data.body().contains("\"owner\""), data.body());
        assertEquals(403, RawHttp.get(base, "/api/appointments", Map.of("Authorization", "Bearer " + narrow)).status());
    }
}
