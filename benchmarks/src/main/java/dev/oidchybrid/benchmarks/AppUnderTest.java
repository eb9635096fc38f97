package dev.oidchybrid.benchmarks;

import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.security.auth.message.config.AuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample WAR in embedded Jetty 12 (ee10) on 127.0.0.1, logging in against the testkit's development
 * provider in the same JVM, set up as the demo does (client, secret, scope with {@code offline_access} and the
 * sample API's scope). Tokens live an hour (Auth0's ID tokens live ten), so no refresh falls into a run. The one
 * user has Auth0's usual profile claims, so the ID tokens have a realistic size. A {@link ServerTiming} filter
 * runs in front of the application's filters (off unless the login run switches it on).
 */
final class AppUnderTest implements AutoCloseable {

    static final String USERNAME = "alice";
    static final String PASSWORD = "alice-password";
    static final String SCOPE = "openid profile email offline_access read:appointments";
    static final String AUDIENCE = "appointments:api";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    final DevProvider provider;
    /** The time Jetty spends on each request from the first filter on (see {@link ServerTiming}). */
    final ServerTiming timing;
    private final Server server;
    private final String baseUrl;
    private final boolean ownsProvider;

    private AppUnderTest(DevProvider provider, ServerTiming timing, Server server, String baseUrl,
                         boolean ownsProvider) {
        this.provider = provider;
        this.timing = timing;
        this.server = server;
        this.baseUrl = baseUrl;
        this.ownsProvider = ownsProvider;
    }

    /** Starts the provider, points the filter at it (system properties, as the demo does), then Jetty. */
    static AppUnderTest start(Path war) throws Exception {
        return startWithTokenLifetime(war, TOKEN_LIFETIME);
    }

    /**
     * As {@link #start(Path)}, against a provider of its own whose access and ID tokens live {@code tokenLifetime}, so
     * that refreshes fall into a run (the {@code outage} section).
     */
    static AppUnderTest startWithTokenLifetime(Path war, Duration tokenLifetime) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no sample WAR at " + war + ": install it first (see BENCHMARKS.md)");
        }
        DevProvider provider = providerBuilder().accessTokenLifetime(tokenLifetime).idTokenLifetime(tokenLifetime)
                .start();
        try {
            return start(war, provider, DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET, Map.of(), true);
        } catch (Exception | Error e) {
            provider.close();
            throw e;
        }
    }

    /**
     * The high-security client (README "High-security client"): a provider of its own that requires pushed
     * authorization requests and knows {@code client} by its public key only, and the sample WAR configured with
     * {@code client-auth=private_key_jwt}, {@code client-key} (the client's PKCS#8 PEM), {@code dpop=true} (ES256,
     * the default {@code dpop-algorithm}) and no secret; {@code par} stays at its default {@code auto}, so the
     * filter pushes because the provider's discovery document requires it.
     */
    static AppUnderTest startHighSecurity(Path war, HighSecurityClient client) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no sample WAR at " + war + ": install it first (see BENCHMARKS.md)");
        }
        DevProvider provider = providerBuilder()
                .requirePushedAuthorizationRequests(true)
                .privateKeyJwtClient(client.clientId(), client.publicJwks())
                .start();
        try {
            return start(war, provider, client.clientId(), null, Map.of("client-auth", "private_key_jwt",
                    "client-key", client.pem(), "dpop", "true"), true);
        } catch (Exception | Error e) {
            provider.close();
            throw e;
        }
    }

    private static DevProvider.Builder providerBuilder() {
        return DevProvider.builder()
                .accessTokenLifetime(TOKEN_LIFETIME)
                .idTokenLifetime(TOKEN_LIFETIME)
                .user(user());
    }

    /**
     * A second instance of the sample WAR, in its own Jetty, against the same {@code provider} (which it does not
     * stop), with further filter settings, e.g. {@code session-store=cookie}. The settings are system properties
     * while the filter starts, and removed afterwards.
     */
    static AppUnderTest startWith(Path war, DevProvider provider, Map<String, String> settings) throws Exception {
        return start(war, provider, DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET, settings, false);
    }

    /** {@code clientSecret} null: no {@code client-secret} at all (a client that authenticates by its key). */
    private static AppUnderTest start(Path war, DevProvider provider, String clientId, String clientSecret,
                                      Map<String, String> settings, boolean ownsProvider) throws Exception {
        System.setProperty("oidc.issuer", provider.issuer());
        System.setProperty("oidc.client-id", clientId);
        if (clientSecret == null) {
            System.clearProperty("oidc.client-secret");
        } else {
            System.setProperty("oidc.client-secret", clientSecret);
        }
        System.setProperty("oidc.scope", SCOPE);
        System.setProperty("oidc.cookie-keys", BenchmarkSecrets.COOKIE_KEY);
        settings.forEach((name, value) -> System.setProperty("oidc." + name, value));

        ServerTiming timing = new ServerTiming();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        // the WAR logs through the runner's SLF4J provider (set to warnings), as in the demo
        webapp.getProtectedClassMatcher().add("org.slf4j.");
        // the sample's container-auth (its /admin <security-constraint>): Jetty's Jakarta Authentication, and
        // its API visible to the WAR, as in the demo
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        webapp.getHiddenClassMatcher().exclude("jakarta.security.auth.message.");
        webapp.addServletContainerInitializer(ServerTiming.initializer(timing));
        server.setHandler(webapp);
        try {
            server.start();
        } finally {
            settings.keySet().forEach(name -> System.clearProperty("oidc." + name));
        }
        return new AppUnderTest(provider, timing, server, "http://127.0.0.1:" + connector.getLocalPort(),
                ownsProvider);
    }

    /** The application's URL of {@code path}, e.g. {@code url("/hello")}. */
    String url(String path) {
        return baseUrl + path;
    }

    /** The filter's callback URL (the redirect URI registered for the demo client). */
    String callbackUrl() {
        return url("/callback");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("Jetty did not stop cleanly: " + e);
        } finally {
            if (ownsProvider) {
                provider.close();
            }
        }
    }

    /** Alice with the claims an Auth0 tenant puts in an ID token for {@code openid profile email}. */
    private static DemoUser user() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(DevProvider.ROLES_CLAIM, List.of("admin", "user"));
        claims.put("nickname", "alice.example");
        claims.put("name", "Alice Example");
        claims.put("picture", "https://s.gravatar.com/avatar/5f4dcc3b5aa765d61d8327deb882cf99?s=480&r=pg"
                + "&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fae.png");
        claims.put("updated_at", "2026-11-20T09:14:03.512Z");
        claims.put("email", "alice.example@example.com");
        claims.put("email_verified", true);
        return new DemoUser(USERNAME, PASSWORD, "auth0|64b7f2e4c1a9d35f0e8b4a21", claims);
    }
}
