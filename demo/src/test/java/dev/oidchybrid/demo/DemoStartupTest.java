package dev.oidchybrid.demo;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar oidc-demo.jar} as its own process, with the development provider: a setting the application
 * refuses ends the process at once with status 1 and the reason as the last line (no banner, no server answering
 * 503); a valid one starts, and the start-up self-check finds every scope the demo asks for in the provider's
 * discovery document.
 */
class DemoStartupTest {

    private static final String NOT_ADVERTISED = "is not in the provider's scopes_supported";

    /** Starts the demo's main class with these environment variables (and no other OIDC_ ones). */
    private static Process demo(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + DemoServer.WAR_PROPERTY + "=" + System.getProperty(DemoServer.WAR_PROPERTY),
                DemoServer.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("OIDC_") || name.equals("PORT")
                || name.equals("DEV_PROVIDER_PORT"));
        builder.environment().put("PORT", "0");
        builder.environment().putAll(environment);
        return builder.redirectErrorStream(true).start();
    }

    @Test
    void startWhenTheApplicationRefusesItsSettingsThenExitsAtOnceWithTheReasonLast() throws Exception {
        Process process = demo(Map.of("OIDC_SESSION_STORE", "cookie"));

        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        assertTrue(exited, "the demo kept running:\n" + String.join("\n", output));
        assertEquals(1, process.exitValue(), String.join("\n", output));
        String last = output.stream().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("The sample application did not start: ") && last.contains("cookie-keys is "
                + "required with session-store=cookie"), "last line: " + last + "\n" + String.join("\n", output));
        assertFalse(output.stream().anyMatch(line -> line.contains("Press Ctrl-C")), "no banner");
        assertFalse(output.stream().anyMatch(line -> line.startsWith("\tat ")), "no stack trace for a setting: "
                + String.join("\n", output));
    }

    @Test
    void startWhenTheSettingsAreValidThenTheBannerAndNoScopeMissingFromDiscovery() throws Exception {
        Process process = demo(Map.of("OIDC_SESSION_STORE", "cookie", "OIDC_COOKIE_KEYS", "k".repeat(32)));
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.contains("Press Ctrl-C")) {
                output.add(line);
            }
            assertTrue(line != null, "no banner:\n" + String.join("\n", output));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        assertTrue(output.stream().anyMatch(line -> line.contains("OIDC self-check")), String.join("\n", output));
        assertFalse(output.stream().anyMatch(line -> line.contains(NOT_ADVERTISED)), String.join("\n", output));
        assertTrue(output.stream().anyMatch(line -> line.contains("/admin")), "the banner lists the pages");
    }
}
