package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.selfcheck.SelfCheckMain;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up self-check against the development provider made to advertise less than the configuration
 * needs: each misconfiguration is one log line at start-up saying what to change, and the command-line check
 * prints the same.
 */
class SelfCheckAtStartTest {

    private static DevProvider misconfiguredProvider() {
        DevProvider provider = DevProvider.startDefault();
        provider.faults().discoveryCustomizer(doc -> {
            doc.put("response_types_supported", List.of("code"));
            doc.put("response_modes_supported", List.of("query", "fragment"));
            doc.put("code_challenge_methods_supported", List.of("plain"));
            doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post"));
            doc.remove("end_session_endpoint");
            doc.put("backchannel_logout_supported", false);
            doc.remove("userinfo_endpoint");
        });
        return provider;
    }

    /** The configuration mistakes, as init-params. */
    private static final Map<String, String> MISTAKES = Map.of("id-token-algorithms", "ES256", "userinfo", "true",
            "scope", "openid profile read:unknown");

    @Test
    void startWhenConfigurationDoesNotMatchTheProviderThenEachMismatchIsOneLogLineSayingWhatToChange()
            throws Exception {
        try (DevProvider provider = misconfiguredProvider()) {
            int before = LogSafety.records().size();
            try (FilterHarness ignored = new FilterHarness(MISTAKES, DevProviderFixture.environment(provider))) {
                List<String> lines = LogSafety.records().subList(before, LogSafety.records().size()).stream()
                        .filter(r -> r.contains("OIDC self-check:")).toList();
                String all = String.join("\n", lines);
                assertContains(all, "ERROR response-type: 'code id_token' is not in the provider's "
                        + "response_types_supported [code]");
                assertContains(all, "ERROR response_mode:");
                assertContains(all, "ERROR pkce:");
                assertContains(all, "ERROR client-auth: 'client_secret_basic' is not in the provider's "
                        + "token_endpoint_auth_methods_supported [client_secret_post]: set client-auth to "
                        + "client_secret_post");
                assertContains(all, "ERROR id-token-algorithms:");
                assertContains(all, "ERROR userinfo:");
                assertContains(all, "WARNING logout-path:");
                assertContains(all, "WARNING backchannel-logout-path:");
                assertContains(all, "INFO scope: 'read:unknown'");
                assertEquals(9, lines.size(), all);
            }
        }
    }

    @Test
    void startWhenConfigurationMatchesThenOneLineSaysSo() throws Exception {
        try (DevProvider provider = DevProvider.startDefault()) {
            int before = LogSafety.records().size();
            try (FilterHarness ignored = new FilterHarness(Map.of(), DevProviderFixture.environment(provider))) {
                List<String> lines = LogSafety.records().subList(before, LogSafety.records().size()).stream()
                        .filter(r -> r.contains("OIDC self-check:")).toList();
                assertEquals(1, lines.size(), lines.toString());
                assertContains(lines.get(0), "advertises everything this configuration uses");
            }
        }
    }

    @Test
    void commandLineCheckPrintsTheSameFindingsAndExitsWithOneOnErrors() {
        try (DevProvider provider = misconfiguredProvider()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = SelfCheckMain.run(new String[] {"check", "--issuer", provider.issuer(), "--client-id",
                    DevProvider.DEMO_CLIENT_ID, "--client-secret", DevProvider.DEMO_CLIENT_SECRET,
                    "--id-token-algorithms", "ES256"}, name -> null, new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, report);
            assertContains(report, "ERROR response-type:");
            assertContains(report, "ERROR id-token-algorithms:");
            assertContains(report, "WARNING logout-path:");
        }
    }

    @Test
    void commandLineCheckTakesTheEnvironmentAndItsOptionsWin() {
        try (DevProvider provider = DevProvider.startDefault()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> env = Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID",
                    DevProvider.DEMO_CLIENT_ID, "OIDC_ID_TOKEN_ALGORITHMS", "ES256");
            int status = SelfCheckMain.run(new String[] {"check", "--id-token-algorithms", "RS256",
                    "--client-secret", DevProvider.DEMO_CLIENT_SECRET}, env::get,
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, report);
            assertContains(report, "OK: the provider advertises everything");
        }
    }

    @Test
    void commandLineProbeTellsAcceptedFromRefusedClientCredentials() {
        try (DevProvider provider = DevProvider.startDefault()) {
            ByteArrayOutputStream good = new ByteArrayOutputStream();
            assertEquals(0, SelfCheckMain.run(new String[] {"check", "--issuer", provider.issuer(), "--client-id",
                    DevProvider.DEMO_CLIENT_ID, "--client-secret", DevProvider.DEMO_CLIENT_SECRET, "--probe-client"},
                    name -> null, new PrintStream(good, true, StandardCharsets.UTF_8)));
            assertContains(good.toString(StandardCharsets.UTF_8), "INFO client: client authentication accepted");
            ByteArrayOutputStream bad = new ByteArrayOutputStream();
            assertEquals(1, SelfCheckMain.run(new String[] {"check", "--issuer", provider.issuer(), "--client-id",
                    DevProvider.DEMO_CLIENT_ID, "--client-secret", "not-the-secret-of-this-client", "--probe-client"},
                    name -> null, new PrintStream(bad, true, StandardCharsets.UTF_8)));
            assertContains(bad.toString(StandardCharsets.UTF_8), "ERROR client-secret: the token endpoint refused "
                    + "the client (invalid_client)");
        }
    }

    @Test
    void commandLineWithoutCheckPrintsUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, SelfCheckMain.run(new String[0], name -> null, new PrintStream(out, true,
                StandardCharsets.UTF_8)));
        assertContains(out.toString(StandardCharsets.UTF_8), "usage:");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected «" + expected + "» in:\n" + text);
    }
}
