package dev.oidchybrid.it;

import dev.oidchybrid.testkit.junit.OidcTestKit;

/**
 * The test kit as every class of this module registers it, before Arquillian so that the provider runs and the
 * filter's system properties ({@code oidc.issuer}, {@code oidc.client-id}, {@code oidc.client-secret},
 * {@code oidc.cookie-keys}, {@code oidc.scope}) are set when the container deploys the WAR; the roles claim is the
 * sample's own (its web.xml), which the tests of {@code /admin} check:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final OidcTestKit oidc = ItOidc.kit();
 * @RegisterExtension @Order(2) static final ArquillianExtension arquillian = new ArquillianExtension();
 * }</pre>
 *
 * <p>{@code oidc.response-type} is left unset on purpose: system properties override init-params, and each
 * deployment may choose its response type in its own web.xml. A container in its own JVM (WildFly) cannot see
 * these properties: there the provider takes the port in {@value #PORT_PROPERTY}, which
 * {@link ServerJvmProviderSettings} gives that JVM in the issuer, so every class's provider has the same issuer.
 */
final class ItOidc {

    /** System property: a fixed port for the provider (for a container in its own JVM); unset means any. */
    static final String PORT_PROPERTY = "it.provider.port";

    /** The scopes the sample asks for: the demo's own API needs {@code read:appointments}. */
    static final String SCOPE = "openid profile email read:appointments";

    private ItOidc() {
    }

    /**
     * The application's URL with {@code localhost} for {@code 127.0.0.1} (WildFly reports its bind address). Both
     * are loopback, where the filter's cookies are Secure; HtmlUnit, like browsers, sends Secure cookies over
     * plain http to {@code localhost}, but not to {@code 127.0.0.1}.
     */
    static java.net.URL onLocalhost(java.net.URL url) {
        if (!"127.0.0.1".equals(url.getHost())) {
            return url;
        }
        try {
            return new java.net.URL(url.getProtocol(), "localhost", url.getPort(), url.getFile());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A kit with the sample's scope, on the fixed port if one is given. */
    static OidcTestKit kit() {
        return OidcTestKit.builder()
                .port(Integer.getInteger(PORT_PROPERTY, 0))
                .setting("scope", SCOPE)
                .build();
    }
}
