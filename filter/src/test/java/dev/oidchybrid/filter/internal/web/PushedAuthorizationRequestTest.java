package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushed authorization requests (RFC 9126) end to end against the development provider. */
class PushedAuthorizationRequestTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();

    private static List<String> logSince(int before) {
        List<String> all = LogSafety.records();
        return all.subList(before, all.size());
    }

    private static void assertNoLoginCookie(Browser browser) {
        assertEquals(List.of(), browser.cookies().stream().map(c -> c.getName())
                .filter(n -> n.contains("oidc_login")).toList(), "no half-started login");
    }

    private static void assertErrorPage(HttpResponse<String> page, int status, String code) {
        assertEquals(status, page.statusCode(), page.body());
        assertTrue(page.body().contains("<code>" + code + "</code>"), page.body());
        assertTrue(page.body().contains(">Try again</a>"), page.body());
        assertTrue(!page.body().contains("Exception") && !page.body().contains(" at "), page.body());
    }

    @Test
    void loginWhenParTrueAndProviderHasNoParEndpointThenSelfCheckErrorAndParUnsupportedPageWithoutCookie()
            throws Exception {
        int atStart = LogSafety.records().size();
        try (FilterHarness app = new FilterHarness(Map.of("par", "true"), provider.environment())) {
            assertTrue(logSince(atStart).stream().anyMatch(l -> l.contains("OIDC self-check: ERROR par: par=true")),
                    () -> logSince(atStart).toString());
            Browser browser = new Browser();
            int before = LogSafety.records().size();
            HttpResponse<String> page = browser.navigate(app.url("/x"));
            assertErrorPage(page, 502, "par_unsupported");
            assertNoLoginCookie(browser);
            List<String> log = logSince(before).stream().filter(l -> l.contains("par_unsupported")).toList();
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("set par to auto"), log.get(0));
        }
    }
}
