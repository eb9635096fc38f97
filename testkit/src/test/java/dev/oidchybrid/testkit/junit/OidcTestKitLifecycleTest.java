package dev.oidchybrid.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.oidchybrid.testkit.DevProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * When the provider starts and stops, and what happens to the system properties around it: each scenario is a
 * test class run here with the JUnit launcher, recording what its tests saw.
 */
class OidcTestKitLifecycleTest {

    /** What the scenario's tests saw, in order. */
    static final List<String> seen = new CopyOnWriteArrayList<>();

    /** The port of the fixed-port scenarios, chosen before they run. */
    static volatile int fixedPort;

    /** Whether {@link #run} is running scenarios (a {@code -Dtest} pattern could select them directly too). */
    private static volatile boolean launching;

    @AfterEach
    void clear() {
        seen.clear();
        System.clearProperty("oidc.issuer");
        System.clearProperty("oidc.scope");
    }

    @Test
    void staticFieldWhenClassRunsThenOneProviderForAllTestsAndPropertiesRestoredAfter() {
        System.setProperty("oidc.issuer", "http://earlier.example");

        run(StaticField.class);

        assertEquals(5, seen.size(), seen::toString);
        String issuer = seen.get(0);
        assertEquals(4, Collections.frequency(seen, issuer),
                () -> "@BeforeAll and both tests saw one provider, set as oidc.issuer: " + seen);
        assertTrue(seen.contains("running"), seen::toString);
        assertEquals("http://earlier.example", System.getProperty("oidc.issuer"), "the earlier value is back");
        assertNull(System.getProperty("oidc.roles-claim"), "a property unset before is removed");
        assertStopped(issuer);
    }

    @Test
    void instanceFieldWhenClassRunsThenOneProviderPerTest() {
        run(InstanceField.class);

        seen.removeIf(s -> s.startsWith("key:"));
        assertEquals(4, seen.size(), seen::toString);
        assertEquals(seen.get(0), seen.get(1), "the property names the test's provider");
        assertEquals(seen.get(2), seen.get(3), "the property names the test's provider");
        assertNotEquals(seen.get(0), seen.get(2), "each test has its own provider");
        assertStopped(seen.get(0));
        assertStopped(seen.get(2));
        assertNull(System.getProperty("oidc.issuer"));
    }

    @Test
    void systemPropertiesFalseWhenRunningThenPropertiesUntouched() {
        System.setProperty("oidc.scope", "openid mine");

        run(WithoutSystemProperties.class);

        assertEquals(List.of("null", "openid mine", "issuer known"), seen);
        assertEquals("openid mine", System.getProperty("oidc.scope"));
    }

    @Test
    void nestedClassesWhenRunThenTheOuterProviderServesThemAndStopsAfterTheOuterClass() {
        run(WithNestedClasses.class);

        assertEquals(3, seen.size(), seen::toString);
        assertEquals(1, seen.stream().distinct().count(), () -> "one provider for the outer and both nested: " + seen);
        assertStopped(seen.get(0));
    }

    @Test
    void fixedPortWhenProvidersRunOneAfterTheOtherThenSameIssuerAndBothLogIn() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            fixedPort = free.getLocalPort();
        }

        run(FixedPort.class);

        String issuer = "http://127.0.0.1:" + fixedPort;
        assertEquals(List.of(issuer, "logged in", issuer, "logged in"), seen);
    }

    @Test
    void cookieKeysWhenEachTestHasItsOwnKitThenEachARandomKeyOfItsOwn() {
        run(InstanceField.class, InstanceField.class);

        List<String> keys = seen.stream().filter(s -> s.startsWith("key:")).toList();
        assertEquals(4, keys.size(), seen::toString);
        assertEquals(4, keys.stream().distinct().count(), () -> "a fresh key per kit: " + keys);
        assertTrue(keys.stream().allMatch(k -> k.length() - "key:".length() >= 32), keys::toString);
        assertNull(System.getProperty("oidc.cookie-keys"), "removed after the provider stops");
    }

    @Test
    void providerWhenKitNotRunningThenIllegalStateSayingHowToRegister() {
        OidcTestKit kit = OidcTestKit.builder().build();

        IllegalStateException e = assertThrows(IllegalStateException.class, kit::provider);

        assertTrue(e.getMessage().contains("@RegisterExtension"), e.getMessage());
        assertEquals("OidcTestKit[not running]", kit.toString());
    }

    private static void run(Class<?>... scenarios) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        for (Class<?> scenario : scenarios) {
            launching = true;
            try {
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(scenario)).build(), listener);
            } finally {
                launching = false;
            }
            TestExecutionSummary summary = listener.getSummary();
            if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() == 0) {
                AssertionError error = new AssertionError(scenario.getSimpleName() + ": "
                        + summary.getTestsSucceededCount() + " tests passed, " + summary.getTotalFailureCount()
                        + " failed");
                summary.getFailures().forEach(f -> error.addSuppressed(f.getException()));
                throw error;
            }
        }
    }

    private static void assertStopped(String issuer) {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).build();
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(discovery,
                HttpResponse.BodyHandlers.discarding()), "the provider at " + issuer + " still answers");
    }

    private static boolean answers(DevProvider provider) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(provider.issuer()
                    + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a scenario only from {@link #run}. */
    static final class OnlyFromRun implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return launching ? ConditionEvaluationResult.enabled("run by OidcTestKitLifecycleTest")
                    : ConditionEvaluationResult.disabled("a scenario of OidcTestKitLifecycleTest, run by it");
        }
    }

    @ExtendWith(OnlyFromRun.class)
    static class StaticField {

        @RegisterExtension
        static OidcTestKit oidc = OidcTestKit.builder().build();

        @BeforeAll
        static void before(DevProvider provider) {
            seen.add(provider.issuer());
            seen.add(System.getProperty("oidc.issuer"));
        }

        @Test
        void one() {
            seen.add(oidc.issuer());
        }

        @Test
        void two() {
            seen.add(System.getProperty("oidc.issuer"));
            seen.add(answers(oidc.provider()) ? "running" : "stopped");
        }
    }

    @ExtendWith(OnlyFromRun.class)
    static class InstanceField {

        @RegisterExtension
        OidcTestKit oidc = OidcTestKit.builder().build();

        @Test
        void one() {
            seen.add(oidc.issuer());
            seen.add(System.getProperty("oidc.issuer"));
            seen.add("key:" + System.getProperty("oidc.cookie-keys"));
        }

        @Test
        void two() {
            seen.add(oidc.issuer());
            seen.add(System.getProperty("oidc.issuer"));
            seen.add("key:" + System.getProperty("oidc.cookie-keys"));
        }
    }

    @ExtendWith(OnlyFromRun.class)
    static class WithoutSystemProperties {

        @RegisterExtension
        static OidcTestKit oidc = OidcTestKit.builder().systemProperties(false).setting("scope", "openid").build();

        @Test
        void propertiesUntouched() {
            seen.add(String.valueOf(System.getProperty("oidc.issuer")));
            seen.add(System.getProperty("oidc.scope"));
            seen.add(oidc.systemProperties().get("oidc.issuer").equals(oidc.issuer()) ? "issuer known" : "?");
        }
    }

    @ExtendWith(OnlyFromRun.class)
    static class WithNestedClasses {

        @RegisterExtension
        static OidcTestKit oidc = OidcTestKit.builder().build();

        @Test
        void outer() {
            seen.add(oidc.issuer());
        }

        @Nested
        class First {
            @Test
            void inner() {
                seen.add(answers(oidc.provider()) ? oidc.issuer() : "stopped");
            }
        }

        @Nested
        class Second {
            @Test
            void inner() {
                seen.add(answers(oidc.provider()) ? oidc.issuer() : "stopped");
            }
        }
    }

    @ExtendWith(OnlyFromRun.class)
    static class FixedPort {

        /** An instance field: a provider per test, both on the port chosen when the test runs. */
        @RegisterExtension
        OidcTestKit oidc = OidcTestKit.builder().port(fixedPort).build();

        @Test
        void logIn() {
            logInOnce();
        }

        @Test
        void logInAgain() {
            logInOnce();
        }

        private void logInOnce() {
            seen.add(oidc.issuer());
            try (ProtectedApp app = ProtectedApp.start()) {
                oidc.loggedIn(oidc.user("carol"), app.url("/whoami"));
                seen.add("logged in");
            }
        }
    }
}
