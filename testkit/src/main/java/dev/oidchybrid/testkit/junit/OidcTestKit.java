package dev.oidchybrid.testkit.junit;

import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension for testing an application's own protected pages: it runs a {@link DevProvider} around the
 * tests, points the application at it through the system properties the filter reads ({@code oidc.issuer},
 * {@code oidc.client-id}, {@code oidc.client-secret}, and a fresh test {@code oidc.cookie-keys}), and logs users
 * with chosen claims and roles in, through the provider's real login page and the application's form_post
 * callback. Everything else (the roles claim, scopes, paths) stays the application's own configuration, so a test
 * checks it, unless the test asks the kit to set it ({@link Builder#setting(String, String)}).
 *
 * <pre>{@code
 * class AdminPageTest {
 *
 *     @RegisterExtension
 *     static OidcTestKit oidc = OidcTestKit.builder().build();
 *
 *     @BeforeAll
 *     static void startApp() {                             // after the kit: the filter reads the properties
 *         ...
 *         oidc.loginUrl("http://localhost:8080/app/admin"); // where @OidcUser logins start
 *     }
 *
 *     @Test
 *     @OidcUser(name = "carol", roles = "admin")
 *     void adminPageWhenAdminThenShown(LoggedInClient carol) {
 *         assertEquals(200, carol.landingPage().statusCode());
 *     }
 *
 *     @Test
 *     void adminPageWhenAdminThenShownProgrammatically() {
 *         TestUser carol = oidc.user("carol").roles("admin").claim("email", "carol@example.com");
 *         LoggedInClient client = oidc.loggedIn(carol, "http://localhost:8080/app/admin");
 *
 *         assertEquals(200, client.landingPage().statusCode());
 *         assertEquals(403, oidc.loggedIn(oidc.user("dave"), "http://localhost:8080/app/admin")
 *                 .landingPage().statusCode());
 *     }
 * }
 * }</pre>
 *
 * <p>Lifecycle: registered on a {@code static} field, the provider starts before all tests of the class (before
 * {@code @BeforeAll} methods) and stops after all of them; on an instance field, around each test. The system
 * properties are set right after the provider starts and given back their earlier values (or removed) when it
 * stops; {@link Builder#systemProperties(boolean) systemProperties(false)} leaves them alone ({@link
 * #systemProperties()} still says what they would be). System properties belong to the JVM: classes using the kit
 * must not run in parallel. An environment variable ({@code OIDC_ISSUER}, ...) would win over them in the filter.
 *
 * <p>The provider knows {@code alice} and {@code bob} ({@link DemoUser}), the users given to the builder, and every
 * user a test logs in (added or updated with {@link DevProvider#putUser}). Test methods and {@code @BeforeAll}
 * methods can take the running {@link DevProvider} as a parameter, e.g. to inject faults.
 *
 * <p>{@link #anonymous()} is a browser without a session, for what the application answers before a login. A test
 * method's {@link LoggedInClient} parameter comes logged in as the user its {@link OidcUser} annotation declares.
 *
 * <p>{@link #webClient} needs HtmlUnit 4 on the test class path (an optional dependency of this artifact). A test
 * that drives the provider's login page itself (a wrong password, a cancelled login) uses an {@link HtmlUnitBrowser}.
 */
public final class OidcTestKit implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final String HTMLUNIT_CLASS = "org.htmlunit.WebClient";
    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.testkit");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Consumer<DevProvider.Builder>> providerOptions;
    private final ClientRegistration client;
    private final String rolesClaim;
    private final Map<String, String> settings;
    private final boolean setSystemProperties;
    /** A cookie key for this kit alone: no two kits (and no two runs) share one. */
    private final String cookieKey = randomKey();

    private final Map<String, String> previousProperties = new LinkedHashMap<>();
    private volatile DevProvider provider;
    private volatile URI loginUrl;
    private String startedBy;

    private OidcTestKit(Builder builder) {
        this.providerOptions = List.copyOf(builder.providerOptions);
        this.client = builder.client;
        this.rolesClaim = builder.rolesClaim;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.settings));
        this.setSystemProperties = builder.setSystemProperties;
    }

    /** A builder with the defaults: the provider's defaults, the demo client, the system properties set. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    /** Starts the provider unless it runs (for an enclosing class, or from {@code beforeAll}). */
    private synchronized void start(ExtensionContext context) {
        if (provider != null) {
            return;
        }
        DevProvider.Builder builder = DevProvider.builder().client(client)
                .user(DemoUser.alice()).user(DemoUser.bob());
        providerOptions.forEach(option -> option.accept(builder));
        provider = builder.build().start();
        startedBy = context.getUniqueId();
        if (setSystemProperties) {
            systemProperties().forEach((name, value) -> {
                String previous = System.getProperty(name);
                if (previous != null && !previous.equals(value)) {
                    // names only: the earlier value may be a secret
                    LOG.log(System.Logger.Level.WARNING, "OidcTestKit: the system property {0} was set already; "
                            + "the kit replaces it while its provider runs", name);
                }
                previousProperties.put(name, previous);
                System.setProperty(name, value);
            });
        }
    }

    /** Stops the provider and restores the system properties, in the callback that matches the start. */
    private synchronized void stop(ExtensionContext context) {
        if (provider == null || !context.getUniqueId().equals(startedBy)) {
            return;
        }
        try {
            provider.close();
        } finally {
            previousProperties.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
            previousProperties.clear();
            provider = null;
            loginUrl = null;
            startedBy = null;
        }
    }

    /**
     * Resolves a {@link DevProvider} parameter (the running provider), an {@link AnonymousClient} (a new one), and a
     * {@link LoggedInClient} parameter of a method or parameter annotated {@link OidcUser} (logged in as that user).
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DevProvider.class || type == AnonymousClient.class
                || type == LoggedInClient.class && OidcUserParameters.annotation(parameter).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == AnonymousClient.class) {
            return anonymous();
        }
        if (type == LoggedInClient.class) {
            OidcUser annotation = OidcUserParameters.annotation(parameter).orElseThrow();
            return loggedIn(OidcUserParameters.user(annotation), OidcUserParameters.startUrl(annotation, loginUrl));
        }
        return provider();
    }

    /**
     * Sets the protected URL where {@link OidcUser} logins start (unless the annotation gives an absolute
     * {@code url}), which a relative {@code url} of the annotation and of {@link #anonymous()} resolve against.
     * Call it once the application runs (in {@code @BeforeAll}); it holds while the provider runs.
     *
     * @param url an absolute URL of the application behind the filter, e.g. {@code "http://localhost:41234/admin"}
     * @return this kit
     * @throws IllegalArgumentException when {@code url} is not absolute
     */
    public OidcTestKit loginUrl(String url) {
        URI uri = URI.create(Objects.requireNonNull(url, "url"));
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("the login URL must be absolute (http://host:port/path): " + url);
        }
        this.loginUrl = uri;
        return this;
    }

    /** The URL set by {@link #loginUrl(String)}, or null. */
    public URI loginUrl() {
        return loginUrl;
    }

    /**
     * A new browser without a session, to see what the application answers before a login: {@link
     * AnonymousClient#navigate} sends a page navigation's headers (a protected page redirects to the provider),
     * {@link AnonymousClient#fetch} a script's (a protected page answers 401).
     */
    public AnonymousClient anonymous() {
        return new AnonymousClient(loginUrl);
    }

    /**
     * The running provider: its {@linkplain DevProvider#faults() faults}, {@linkplain DevProvider#counters()
     * counters}, {@linkplain DevProvider#logoutToken(String, String) logout tokens}, ...
     *
     * @throws IllegalStateException when the kit is not running
     */
    public DevProvider provider() {
        DevProvider running = provider;
        if (running == null) {
            throw new IllegalStateException("the OidcTestKit runs only during the tests: register it with "
                    + "@RegisterExtension (a static field runs it around all tests of the class, an instance field "
                    + "around each test)");
        }
        return running;
    }

    /** The running provider's issuer, e.g. {@code http://127.0.0.1:41234}. */
    public String issuer() {
        return provider().issuer();
    }

    /**
     * The settings for the application, as system property name to value: {@code oidc.issuer},
     * {@code oidc.client-id}, {@code oidc.client-secret}, {@code oidc.cookie-keys} (a random key of this kit, so the
     * filter need not make one and warn) and the builder's {@linkplain Builder#setting(String, String) settings},
     * which win; no {@code oidc.client-secret} for a client without a secret (e.g.
     * {@link ClientRegistration#privateKeyJwt}). Nothing else: the roles claim and every other setting are the
     * application's own, under test. The kit sets them unless told not to; a test that configures its application
     * otherwise (another JVM, a framework's own properties) can take them from here.
     *
     * @throws IllegalStateException when the kit is not running
     */
    public Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("oidc.issuer", issuer());
        properties.put("oidc.client-id", client.clientId());
        if (client.clientSecret() != null) {
            properties.put("oidc.client-secret", client.clientSecret());
        }
        properties.put("oidc.cookie-keys", cookieKey);
        settings.forEach((name, value) -> properties.put("oidc." + name, value));
        return Collections.unmodifiableMap(properties);
    }

    /**
     * A user with subject {@code username} and password {@code <username>-password}; give roles and claims with
     * {@code .roles(..)} and {@code .claim(..)}. Registered at the provider when logged in.
     */
    public TestUser user(String username) {
        return TestUser.named(username);
    }

    /**
     * Adds {@code user} to the provider, or updates its roles and claims (the subject stays). {@link #loggedIn}
     * and {@link #webClient} do this themselves; call it for a login the test drives itself.
     *
     * @return the user as the provider knows it
     * @throws IllegalArgumentException when the username is known with another subject, or the subject belongs to
     *                                  another username
     */
    public DemoUser register(TestUser user) {
        DemoUser demoUser = user.toDemoUser(rolesClaim);
        provider().putUser(demoUser);
        return demoUser;
    }

    /**
     * Logs {@code user} in to the application with a new {@link LoggedInClient}: a GET of {@code startUrl}, which
     * must redirect to the provider, the provider's login page, and the form_post callback, which must redirect
     * back. {@link LoggedInClient#landingPage()} is the answer to that last redirect.
     *
     * @param user     the user, registered at the provider first
     * @param startUrl an absolute URL of the application behind the filter
     * @return a client holding the user's session
     * @throws AssertionError when the login does not go through, saying which step answered what
     */
    public LoggedInClient loggedIn(TestUser user, String startUrl) {
        return loggedIn(register(user), startUrl);
    }

    /** {@link #loggedIn(TestUser, String)} for a provider user such as {@link DemoUser#alice()}. */
    public LoggedInClient loggedIn(DemoUser user, String startUrl) {
        DevProvider running = provider();
        running.putUser(user);
        return LoggedInClient.logIn(running.issuer(), user, URI.create(startUrl));
    }

    /**
     * Logs {@code user} in to the application in a new HtmlUnit {@link WebClient} (Chrome-like, JavaScript on, CSS
     * off, HtmlUnit's other defaults), through the same steps as {@link #loggedIn(TestUser, String)}; the client
     * shows the page the login returned to. The test closes it.
     *
     * @throws IllegalStateException when HtmlUnit is not on the class path
     * @throws AssertionError        when the login does not go through
     */
    public WebClient webClient(TestUser user, String startUrl) {
        return webClient(register(user), startUrl);
    }

    /** {@link #webClient(TestUser, String)} for a provider user such as {@link DemoUser#alice()}. */
    public WebClient webClient(DemoUser user, String startUrl) {
        requireHtmlUnit(OidcTestKit.class.getClassLoader());
        DevProvider running = provider();
        running.putUser(user);
        return HtmlUnitLogin.logIn(running.issuer(), user, startUrl);
    }

    /** Fails with a message naming the missing dependency unless {@code loader} sees HtmlUnit. */
    static void requireHtmlUnit(ClassLoader loader) {
        try {
            Class.forName(HTMLUNIT_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("OidcTestKit.webClient(..) needs HtmlUnit, an optional dependency of "
                    + "oidc-hybrid-testkit: add org.htmlunit:htmlunit (4.x) to the test dependencies", e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    @Override
    public String toString() {
        DevProvider running = provider;
        return "OidcTestKit[" + (running == null ? "not running" : running.issuer()) + "]";
    }

    /** Configures an {@link OidcTestKit}; each provider option is checked when given. */
    public static final class Builder {

        private final List<Consumer<DevProvider.Builder>> providerOptions = new ArrayList<>();
        private final DevProvider.Builder check = DevProvider.builder().user(DemoUser.alice()).user(DemoUser.bob());
        private ClientRegistration client = ClientRegistration.demo();
        private String rolesClaim = DevProvider.ROLES_CLAIM;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private boolean setSystemProperties = true;

        private Builder() {
        }

        private Builder provider(Consumer<DevProvider.Builder> option) {
            option.accept(check);
            providerOptions.add(option);
            return this;
        }

        /** The provider's host, in its issuer too; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            return provider(b -> b.host(host));
        }

        /**
         * The provider's port; default 0, a free port at each start. A fixed port keeps the issuer the same for
         * an application configured once for several test classes.
         */
        public Builder port(int port) {
            return provider(b -> b.port(port));
        }

        /** The provider's clock, for every time it issues; default the system clock. */
        public Builder clock(Clock clock) {
            return provider(b -> b.clock(clock));
        }

        /** Access token lifetime; default 5 minutes. */
        public Builder accessTokenLifetime(Duration lifetime) {
            return provider(b -> b.accessTokenLifetime(lifetime));
        }

        /** ID token lifetime; default 5 minutes. */
        public Builder idTokenLifetime(Duration lifetime) {
            return provider(b -> b.idTokenLifetime(lifetime));
        }

        /** The signing algorithm of every token: {@code RS256} (default), {@code PS256}, {@code ES256}, {@code EdDSA}. */
        public Builder signingAlgorithm(String algorithm) {
            return provider(b -> b.signingAlgorithm(algorithm));
        }

        /**
         * Whether the provider requires pushed authorization requests (RFC 9126); default false. See
         * {@link DevProvider.Builder#requirePushedAuthorizationRequests(boolean)}.
         */
        public Builder requirePushedAuthorizationRequests(boolean required) {
            return provider(b -> b.requirePushedAuthorizationRequests(required));
        }

        /**
         * Whether DPoP proofs must carry a server nonce; default false. See
         * {@link DevProvider.Builder#requireDpopNonce(boolean)}.
         */
        public Builder requireDpopNonce(boolean required) {
            return provider(b -> b.requireDpopNonce(required));
        }

        /**
         * Whether every authorization request must be a signed request object (RFC 9101); default false. See
         * {@link DevProvider.Builder#requireSignedRequestObjects(boolean)}.
         */
        public Builder requireSignedRequestObjects(boolean required) {
            return provider(b -> b.requireSignedRequestObjects(required));
        }

        /** One more provider user, besides {@code alice} and {@code bob}. */
        public Builder user(DemoUser user) {
            return provider(b -> b.user(user));
        }

        /**
         * The client the application is registered as (its id and secret go into the system properties);
         * default {@link ClientRegistration#demo()}.
         */
        public Builder client(ClientRegistration client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The claim the provider puts {@link TestUser#roles(String...)} in; default {@link DevProvider#ROLES_CLAIM}.
         * It must be the claim the application reads (its {@code roles-claim}): the kit does not set
         * {@code oidc.roles-claim}, so a test sees the application's own setting at work. To override the
         * application's, say so: {@code setting("roles-claim", claim)}.
         */
        public Builder rolesClaim(String claim) {
            Objects.requireNonNull(claim, "claim");
            if (claim.isBlank() || "sub".equals(claim)) {
                throw new IllegalArgumentException("roles claim must be a claim name other than sub: " + claim);
            }
            this.rolesClaim = claim;
            return this;
        }

        /**
         * Another filter parameter for the application, set as the system property {@code oidc.<name>}, e.g.
         * {@code setting("scope", "openid profile email read:orders")}. It overrides the application's own web.xml or
         * init-param value (the filter's start-up line on its settings' sources then says {@code over web.xml}); only
         * an {@code OIDC_<NAME>} environment variable wins over it.
         *
         * @param name  the parameter name as in web.xml, without {@code oidc.}
         * @param value its value
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank() || name.startsWith("oidc.")) {
                throw new IllegalArgumentException("give the parameter name as in web.xml, without oidc.: " + name);
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Whether to set the application's system properties while the provider runs; default true. Without them
         * the test configures the application itself, from {@link OidcTestKit#systemProperties()}.
         */
        public Builder systemProperties(boolean set) {
            this.setSystemProperties = set;
            return this;
        }

        /** The extension, to register with {@code @RegisterExtension}. */
        public OidcTestKit build() {
            return new OidcTestKit(this);
        }
    }
}
