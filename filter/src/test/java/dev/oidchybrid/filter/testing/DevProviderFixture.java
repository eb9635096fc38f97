package dev.oidchybrid.filter.testing;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.ProviderCounters;
import dev.oidchybrid.testkit.ProviderFaults;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The development provider around the filter's web tests: the test kit's {@link OidcTestKit} (on a {@code static}
 * field around all tests of the class, on an instance field around each test), without its system properties,
 * since the filter under test gets its settings as an environment map ({@link #environment()}). Besides the kit
 * it remembers the demo client's secret and the demo passwords for {@link LogSafety}, and resets the provider's
 * {@linkplain ProviderFaults faults} after each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DevProviderFixture provider = DevProviderFixture.defaults();
 * }</pre>
 */
public final class DevProviderFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final OidcTestKit kit;

    private DevProviderFixture(OidcTestKit.Builder kit) {
        this.kit = kit.systemProperties(false).build();
    }

    /** A provider with the kit's defaults: the demo client, alice and bob, the system clock, RS256. */
    public static DevProviderFixture defaults() {
        return of(OidcTestKit.builder());
    }

    /** A provider configured by {@code kit}, e.g. {@code OidcTestKit.builder().clock(clock)}. */
    public static DevProviderFixture of(OidcTestKit.Builder kit) {
        return new DevProviderFixture(kit);
    }

    /**
     * The settings the filter takes from the environment to log in as the demo client at {@code provider}:
     * {@code OIDC_ISSUER}, {@code OIDC_CLIENT_ID} and {@code OIDC_CLIENT_SECRET}.
     */
    public static Map<String, String> environment(DevProvider provider) {
        return Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID", DevProvider.DEMO_CLIENT_ID,
                "OIDC_CLIENT_SECRET", DevProvider.DEMO_CLIENT_SECRET);
    }

    /** {@link #environment(DevProvider)} of the running provider. */
    public Map<String, String> environment() {
        return environment(devProvider());
    }

    /** {@link #environment()} and {@code more} (which wins), as a new map. */
    public Map<String, String> environment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(environment());
        env.putAll(more);
        return env;
    }

    /** The running provider. */
    public DevProvider devProvider() {
        return kit.provider();
    }

    /** The running provider's issuer. */
    public String issuer() {
        return devProvider().issuer();
    }

    /** The running provider's request counters. */
    public ProviderCounters counters() {
        return devProvider().counters();
    }

    /** The running provider's faults; reset after each test. */
    public ProviderFaults faults() {
        return devProvider().faults();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kit.beforeAll(context);
        rememberSecrets();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        kit.beforeEach(context);
        rememberSecrets();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            faults().reset();
        } finally {
            kit.afterEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kit.afterAll(context);
    }

    private static void rememberSecrets() {
        LogSafety.secret(DevProvider.DEMO_CLIENT_SECRET);
        LogSafety.secret(DemoUser.alice().password());
        LogSafety.secret(DemoUser.bob().password());
    }
}
