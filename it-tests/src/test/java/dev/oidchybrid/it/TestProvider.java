package dev.oidchybrid.it;

import dev.oidchybrid.testkit.DevProvider;

/**
 * The one development provider of the test JVM, started on first use and stopped when the JVM ends.
 *
 * <p>Call {@link #get()} from every {@code @Deployment} method: Arquillian calls those before it deploys, so
 * the provider is up, and the system properties {@code oidc.issuer}, {@code oidc.client-id} and
 * {@code oidc.client-secret} are set, before any filter starts. {@code oidc.response-type} is left unset on
 * purpose: system properties override init-params, and each deployment chooses its response type in its own
 * web.xml.
 */
final class TestProvider {

    private static DevProvider provider;

    private TestProvider() {
    }

    /** The running provider (started, with the filter's system properties set, on the first call). */
    static synchronized DevProvider get() {
        if (provider == null) {
            DevProvider started = DevProvider.builder().build().start();
            System.setProperty("oidc.issuer", started.issuer());
            System.setProperty("oidc.client-id", DevProvider.DEMO_CLIENT_ID);
            System.setProperty("oidc.client-secret", DevProvider.DEMO_CLIENT_SECRET);
            System.setProperty("oidc.scope", "openid profile email read:appointments");
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dev-provider-stop"));
            provider = started;
        }
        return provider;
    }
}
