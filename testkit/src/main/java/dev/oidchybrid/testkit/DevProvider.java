package dev.oidchybrid.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jose4j.jwt.JwtClaims;

/**
 * A development OpenID Provider in one object: discovery, JWKS, authorization endpoint with a login page and
 * SSO, token endpoint (authorization code with PKCE S256, rotating refresh tokens), userinfo, RP-initiated
 * logout and back-channel logout, served by the JDK HTTP server. It exists to prove the relying party works against a strict, correct
 * provider, and to break in controlled ways ({@link #faults()}). <strong>Never for production.</strong>
 *
 * <pre>{@code
 * try (DevProvider op = DevProvider.builder().clock(clock).build().start()) {
 *     String issuer = op.issuer();            // http://127.0.0.1:41234
 *     op.faults().discoveryUnavailable(true); // ...
 * }
 * }</pre>
 *
 * <p>Endpoints (relative to {@link #issuer()}): {@code /.well-known/openid-configuration}, {@code /jwks},
 * {@code /authorize}, {@code /token}, {@code /userinfo}, {@code /end_session}, {@code /par} (pushed authorization
 * requests, RFC 9126); anything else is 404. Authorization requests may come as signed request objects (RFC 9101,
 * {@code request}, front channel or pushed), verified with the client's registered keys. Every token
 * is signed with a key generated when the provider is built ({@code kid} = its JWK thumbprint; see
 * {@link ProviderFaults#rotateSigningKey()}). All times come from the builder's
 * clock. State lives in memory and ends with {@link #close()}.
 *
 * <p>Back-channel logout (OpenID Connect Back-Channel Logout 1.0): {@link #logoutToken(String, String)} and its
 * variants mint logout tokens for tests, {@link #sendBackChannelLogout(URI, String)} delivers one, and
 * {@code /end_session} sends one by itself to each client of the ended SSO session that has a
 * {@linkplain ClientRegistration#withBackchannelLogoutUri(String) back-channel logout URI}. A logout token's
 * {@code sid} is the one in the ID tokens issued in that SSO session.
 *
 * <p>Users come from the builder and can be added or changed while the provider runs ({@link #putUser}); for
 * JUnit 5 tests of an application, {@link dev.oidchybrid.testkit.junit.OidcTestKit} runs a provider around the
 * tests and logs users in.
 */
public final class DevProvider implements AutoCloseable {

    /** The demo client's id. */
    public static final String DEMO_CLIENT_ID = "demo-client";
    /** The demo client's secret. */
    public static final String DEMO_CLIENT_SECRET = "demo-secret";
    /** The namespaced (Auth0-style) claim carrying the user's roles; always released. */
    public static final String ROLES_CLAIM = "https://example.com/roles";
    /** The JWS {@code typ} header of logout tokens (Back-Channel Logout 1.0, 2.4). */
    public static final String LOGOUT_TOKEN_TYPE = "logout+jwt";
    /** The scopes discovery advertises unless {@link Builder#scopesSupported} adds more. */
    public static final List<String> DEFAULT_SCOPES_SUPPORTED = List.of("openid", "profile", "email",
            "offline_access");
    /** The member of a logout token's {@code events} claim (Back-Channel Logout 1.0, 2.4). */
    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static final int THREADS = 8;
    private static final int QUEUE = 256;

    /** JDK HTTP server switch for TCP_NODELAY, read once when the JDK server classes first load. */
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm and the client's
        // delayed ACK every response then waits ~40 ms. Turn Nagle off unless the user decided otherwise.
        // (Only effective if no JDK HttpServer was created in this JVM before.)
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final String host;
    private final int requestedPort;
    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final Duration idTokenLifetime;
    private final String signingAlgorithm;
    private final Map<String, ClientRegistration> clients;
    private final UserDirectory users;
    private final ProviderCounters counters = new ProviderCounters();
    private final SigningKeyStore keys;
    private final ProviderFaults faults;
    private final boolean parRequired;
    private final Duration pushedRequestLifetime;
    private final boolean dpopNonceRequired;
    private final boolean signedRequestObjectRequired;
    private final List<String> scopesSupported;

    private final Object lifecycle = new Object();
    private HttpServer server;
    private ThreadPoolExecutor executor;
    private volatile TokenIssuer tokens;
    private volatile String issuer;
    private volatile int port;
    private boolean closed;

    private DevProvider(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.clock = builder.clock;
        this.accessTokenLifetime = builder.accessTokenLifetime;
        this.idTokenLifetime = builder.idTokenLifetime;
        this.signingAlgorithm = builder.signingAlgorithm;
        this.parRequired = builder.parRequired;
        this.pushedRequestLifetime = builder.pushedRequestLifetime;
        this.dpopNonceRequired = builder.dpopNonceRequired;
        this.signedRequestObjectRequired = builder.signedRequestObjectRequired;
        this.scopesSupported = List.copyOf(builder.scopesSupported);
        this.keys = new SigningKeyStore(signingAlgorithm);
        this.faults = new ProviderFaults(keys);
        Map<String, ClientRegistration> clientMap = new LinkedHashMap<>();
        (builder.clients.isEmpty() ? List.of(ClientRegistration.demo()) : builder.clients)
                .forEach(c -> clientMap.put(c.clientId(), c));
        this.clients = Map.copyOf(clientMap);
        this.users = new UserDirectory(
                builder.users.isEmpty() ? List.of(DemoUser.alice(), DemoUser.bob()) : builder.users);
    }

    /** A builder with the defaults: 127.0.0.1, ephemeral port, system UTC clock, RS256, demo client, alice and bob. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a provider with all defaults; the same as {@code builder().build().start()}.
     *
     * <p>(Named {@code startDefault} because Java does not allow a static and an instance {@code start()} with the
     * same parameters in one class.)
     *
     * @return the running provider
     */
    public static DevProvider startDefault() {
        return builder().build().start();
    }

    /**
     * Binds the server and starts serving.
     *
     * @return this
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException  when the address cannot be bound
     */
    public DevProvider start() {
        synchronized (lifecycle) {
            if (server != null || closed) {
                throw new IllegalStateException(closed ? "provider closed" : "provider already started");
            }
            HttpServer bound;
            try {
                bound = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind " + host + ":" + requestedPort, e);
            }
            int actualPort = bound.getAddress().getPort();
            String issuerUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + actualPort;
            ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(QUEUE), daemonThreads(actualPort), new ThreadPoolExecutor.CallerRunsPolicy());
            pool.allowCoreThreadTimeOut(true);
            bound.setExecutor(pool);
            GrantStore grants = new GrantStore(clock);
            TokenIssuer issuerTokens = new TokenIssuer(issuerUrl, keys, clock, accessTokenLifetime, idTokenLifetime,
                    faults, grants, clients);
            bound.createContext("/", router(issuerUrl, grants, issuerTokens));
            bound.start();
            this.server = bound;
            this.executor = pool;
            this.tokens = issuerTokens;
            this.port = actualPort;
            this.issuer = issuerUrl;
            return this;
        }
    }

    private HttpRouter router(String issuerUrl, GrantStore grants, TokenIssuer tokens) {
        SsoSessionStore sessions = new SsoSessionStore();
        ClientAuthenticator authenticator = new ClientAuthenticator(clients,
                new ClientAssertionVerifier(issuerUrl, clock, faults, clients));
        AuthorizationRequestParser parser = new AuthorizationRequestParser(clients, issuerUrl, parRequired,
                signedRequestObjectRequired);
        RequestObjectVerifier requestObjects = new RequestObjectVerifier(issuerUrl, clock, clients);
        PushedRequestStore pushed = new PushedRequestStore(clock);
        DpopProofVerifier dpop = new DpopProofVerifier(clock, faults, new DpopNonces(clock), dpopNonceRequired);
        return new HttpRouter()
                .json("/.well-known/openid-configuration",
                        new DiscoveryEndpoint(issuerUrl, keys.algorithm(), users, counters, faults, parRequired,
                                signedRequestObjectRequired, scopesSupported))
                .json("/jwks", new JwksEndpoint(keys, faults, counters))
                .html("/authorize", new AuthorizeEndpoint(issuerUrl, clock, counters, faults,
                        parser, users, sessions, new PendingLoginStore(clock), grants, tokens, pushed, requestObjects))
                .json("/par", new ParEndpoint(issuerUrl, counters, faults, authenticator, parser, pushed,
                        pushedRequestLifetime, requestObjects))
                .json("/token", new TokenEndpoint(issuerUrl, clock, counters, faults, authenticator, grants, tokens,
                        dpop))
                .json("/userinfo", new UserInfoEndpoint(issuerUrl, clock, keys, grants, users, counters, dpop))
                .html("/end_session", new EndSessionEndpoint(issuerUrl, keys, clients, sessions, counters,
                        new BackChannelLogout(tokens, clients)));
    }

    private static ThreadFactory daemonThreads(int port) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "dev-openid-provider-" + port + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The issuer URL, e.g. {@code http://127.0.0.1:41234}, without trailing slash. */
    public String issuer() {
        requireStarted();
        return issuer;
    }

    /** The bound port. */
    public int port() {
        requireStarted();
        return port;
    }

    /** Request counts per endpoint. */
    public ProviderCounters counters() {
        return counters;
    }

    /** The signing keys (for tests in this package that need the private halves). */
    SigningKeyStore signingKeys() {
        return keys;
    }

    /**
     * Adds a user, before or after {@link #start()}, or changes the password and claims of the user with the same
     * username and subject (later logins and userinfo answers show the change; tokens already issued keep what
     * they say). A username keeps its subject and a subject its username for the provider's lifetime: OpenID
     * Connect Core 1.0, 2 never reassigns a {@code sub}.
     *
     * @param user the user; putting an equal user again changes nothing
     * @return this
     * @throws IllegalArgumentException when the username is known with another subject, or the subject belongs to
     *                                  another username
     */
    public DevProvider putUser(DemoUser user) {
        users.put(user);
        return this;
    }

    /** The users who can sign in now, in the order they were first added. */
    public List<DemoUser> users() {
        return users.all();
    }

    /** Fault switches; usable before {@link #start()} too. */
    public ProviderFaults faults() {
        return faults;
    }

    /**
     * A logout token (OpenID Connect Back-Channel Logout 1.0, 2.4) for the {@linkplain #DEMO_CLIENT_ID demo
     * client}, signed like ID tokens: the current signing key, its {@code alg} and {@code kid}, and the header
     * {@code typ: logout+jwt}. Claims: {@code iss}, {@code aud} (the client id), {@code iat} (provider clock),
     * {@code exp} ({@code iat} + 2 minutes), {@code jti} (random), {@code events}
     * ({@code {"http://schemas.openid.net/event/backchannel-logout": {}}}), {@code sub} and/or {@code sid};
     * never {@code nonce}. For another client use {@link #logoutTokenBuilder()}.
     *
     * @param subject the {@code sub}, or null to leave it out
     * @param sid     the {@code sid} (as in the ID tokens of the SSO session to end), or null to leave it out
     * @return the compact JWS
     * @throws IllegalArgumentException when both are null
     * @throws IllegalStateException    when the provider was never started
     */
    public String logoutToken(String subject, String sid) {
        return logoutTokenBuilder().subject(subject).sid(sid).build();
    }

    /**
     * A logout token like {@link #logoutToken(String, String)}, whose claims {@code customizer} may change just
     * before signing (add {@code nonce}, remove {@code events}, change {@code aud} or {@code iss}, move
     * {@code iat} into the past, remove {@code sub} and {@code sid}, ...).
     *
     * @param subject    the {@code sub}, or null to leave it out
     * @param sid        the {@code sid}, or null to leave it out (not both null)
     * @param customizer changes the claims before signing, or null for none
     * @return the compact JWS
     */
    public String logoutToken(String subject, String sid, Consumer<JwtClaims> customizer) {
        return logoutTokenBuilder().subject(subject).sid(sid).customizer(customizer).build();
    }

    /**
     * A logout token like {@link #logoutToken(String, String, Consumer)}, protected wrongly as {@code fault}
     * says (the same faults as for ID tokens; the {@code typ: logout+jwt} header is kept).
     *
     * @param subject    the {@code sub}, or null to leave it out
     * @param sid        the {@code sid}, or null to leave it out (not both null)
     * @param customizer changes the claims before signing, or null for none
     * @param fault      the signature fault, or null to sign correctly
     * @return the compact JWS (a compact JWE for {@link SignatureFault#ENCRYPTED})
     */
    public String logoutToken(String subject, String sid, Consumer<JwtClaims> customizer, SignatureFault fault) {
        return logoutTokenBuilder().subject(subject).sid(sid).customizer(customizer).signatureFault(fault).build();
    }

    /**
     * An access token for {@code user}, issued as the token endpoint would after a login of the
     * {@linkplain #DEMO_CLIENT_ID demo client} (JWT, {@code typ: at+jwt}, the current signing key), for tests of
     * an API behind the filter in bearer mode that want a token with exactly these scopes without a login.
     *
     * @param user     the user (its {@code sub})
     * @param audience the {@code aud}, or null for the demo client's id
     * @param scope    the {@code scope} values
     * @return the compact JWS
     * @throws IllegalStateException when the provider was never started
     */
    public String accessToken(DemoUser user, String audience, List<String> scope) {
        return accessToken(user, audience, scope, null);
    }

    /**
     * An access token like {@link #accessToken(DemoUser, String, List)}, bound to a DPoP key (RFC 9449, 6.1) when
     * {@code jkt} is given: its claim {@code cnf} is {@code {"jkt": jkt}}, so it must be presented as
     * {@code Authorization: DPoP <token>} with a proof made with that key.
     *
     * @param jkt the RFC 7638 SHA-256 thumbprint (base64url) of the DPoP public key, or null for a bearer token
     */
    public String accessToken(DemoUser user, String audience, List<String> scope, String jkt) {
        TokenIssuer issuing = tokens;
        if (issuing == null) {
            throw new IllegalStateException("the provider was never started");
        }
        Grant grant = new Grant(Secrets.randomToken(), DEMO_CLIENT_ID, user, scope, clock.instant(), audience, null,
                Secrets.randomToken(), null);
        return issuing.accessToken(grant, scope, jkt).value();
    }

    /**
     * A builder for a logout token with every option, e.g. for another client:
     * {@code op.logoutTokenBuilder().clientId("other").sid(sid).build()}.
     *
     * @return a new builder (audience {@value #DEMO_CLIENT_ID}, no sub, no sid, no customizer, no fault)
     */
    public LogoutTokenBuilder logoutTokenBuilder() {
        return new LogoutTokenBuilder(this);
    }

    /**
     * Delivers a logout token the way the provider does (Back-Channel Logout 1.0, 2.5): an HTTP POST of
     * {@code logout_token=<token>} as {@code application/x-www-form-urlencoded} to {@code endpoint}, with the JDK
     * HTTP client (HTTP/1.1, redirects not followed, 5 s to connect, 5 s for the answer). Works before
     * {@link #start()} and after {@link #close()} too.
     *
     * @param endpoint    the relying party's back-channel logout URI
     * @param logoutToken the token, sent as is
     * @return the HTTP status of the answer (a relying party answers 200 on success, 400 on a bad token)
     * @throws java.io.UncheckedIOException when the request fails (refused connection, timeout, ...)
     * @throws IllegalStateException        when the calling thread is interrupted (its interrupt flag stays set)
     */
    public int sendBackChannelLogout(URI endpoint, String logoutToken) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(logoutToken, "logoutToken");
        return BackChannelLogout.send(endpoint, logoutToken);
    }

    /** Mints a logout token; see {@link TokenIssuer#logoutToken}. */
    String issueLogoutToken(String clientId, String subject, String sid, Consumer<JwtClaims> customizer,
            SignatureFault fault) {
        requireStarted();
        return tokens.logoutToken(clientId, subject, sid, customizer, fault);
    }

    /** Stops the server at once and its threads. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
            }
        }
    }

    private void requireStarted() {
        if (issuer == null) {
            throw new IllegalStateException("provider not started; call start()");
        }
    }

    @Override
    public String toString() {
        return "DevProvider[" + (issuer == null ? "not started" : issuer) + ", " + signingAlgorithm + "]";
    }

    /**
     * Configures a {@link DevProvider}. Not thread-safe; {@link #build()} copies everything.
     */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private Duration accessTokenLifetime = Duration.ofMinutes(5);
        private Duration idTokenLifetime = Duration.ofMinutes(5);
        private String signingAlgorithm = "RS256";
        private boolean parRequired;
        private Duration pushedRequestLifetime = Duration.ofSeconds(60);
        private boolean dpopNonceRequired;
        private boolean signedRequestObjectRequired;
        private final List<String> scopesSupported = new ArrayList<>(DEFAULT_SCOPES_SUPPORTED);
        private final List<ClientRegistration> clients = new ArrayList<>();
        private final List<DemoUser> users = new ArrayList<>();

        private Builder() {
        }

        /** The host to bind and to put in the issuer; default {@code 127.0.0.1} ({@code localhost} works too). */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** The port; default 0 = an ephemeral port chosen at start. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock for every time: iat, exp, auth_time, code and login page expiry. Default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Access token lifetime; default 5 minutes; whole seconds, at least one. */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = requirePositive(lifetime);
            return this;
        }

        /** ID token lifetime; default 5 minutes; whole seconds, at least one. */
        public Builder idTokenLifetime(Duration lifetime) {
            this.idTokenLifetime = requirePositive(lifetime);
            return this;
        }

        /**
         * The JWS algorithm of every token: {@code RS256} (default), {@code PS256}, {@code ES256} or {@code EdDSA}
         * (Ed25519, RFC 8037; its {@code c_hash}/{@code at_hash} use SHA-512).
         */
        public Builder signingAlgorithm(String algorithm) {
            if (!SigningKey.SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException("unsupported signing algorithm " + algorithm + "; supported: "
                        + SigningKey.SUPPORTED_ALGORITHMS);
            }
            this.signingAlgorithm = algorithm;
            return this;
        }

        /** Registers a client; when none is added, the {@linkplain ClientRegistration#demo() demo client} is. */
        public Builder client(ClientRegistration client) {
            Objects.requireNonNull(client, "client");
            if (clients.stream().anyMatch(c -> c.clientId().equals(client.clientId()))) {
                throw new IllegalArgumentException("client already added: " + client.clientId());
            }
            clients.add(client);
            return this;
        }

        /**
         * Whether every authorization request must be pushed first (RFC 9126, 5): discovery then says
         * {@code require_pushed_authorization_requests: true} and {@code /authorize} answers a request without
         * {@code request_uri} with {@code invalid_request}. Default false.
         */
        public Builder requirePushedAuthorizationRequests(boolean required) {
            this.parRequired = required;
            return this;
        }

        /**
         * Whether DPoP proofs must carry a server nonce (RFC 9449, 8 and 9): a proof without the current one gets
         * {@code use_dpop_nonce} (400 at the token endpoint, 401 at userinfo) with a {@code DPoP-Nonce} header, and
         * every DPoP answer carries the current nonce. Default false.
         */
        public Builder requireDpopNonce(boolean required) {
            this.dpopNonceRequired = required;
            return this;
        }

        /**
         * Whether every authorization request, pushed or not, must be a request object signed with a key the client
         * registered (RFC 9101, 10.5): discovery then says {@code require_signed_request_object: true} and a plain
         * request gets {@code invalid_request}. Per client: {@link ClientRegistration#withRequireSignedRequestObject}.
         * Default false.
         */
        public Builder requireSignedRequestObjects(boolean required) {
            this.signedRequestObjectRequired = required;
            return this;
        }

        /**
         * More scopes to advertise in discovery's {@code scopes_supported}, after {@code openid}, {@code profile},
         * {@code email} and {@code offline_access}: an application's API scopes (e.g. {@code read:appointments}), so
         * that a relying party checking its requested scopes against discovery finds them. The provider grants any
         * requested scope either way.
         */
        public Builder scopesSupported(String... scopes) {
            for (String scope : scopes) {
                Objects.requireNonNull(scope, "scope");
                if (scope.isBlank() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > '~')) {
                    throw new IllegalArgumentException("not a scope token (RFC 6749, 3.3): '" + scope + "'");
                }
                if (!scopesSupported.contains(scope)) {
                    scopesSupported.add(scope);
                }
            }
            return this;
        }

        /** How long a pushed request's {@code request_uri} is valid ({@code expires_in}); default 60 s. */
        public Builder pushedRequestLifetime(Duration lifetime) {
            this.pushedRequestLifetime = requirePositive(lifetime);
            return this;
        }

        /**
         * Registers a client that authenticates with {@code private_key_jwt} only (RFC 7523), with the demo
         * client's redirect URIs (any http(s) URI on localhost or 127.0.0.1); see
         * {@link ClientRegistration#privateKeyJwt}.
         *
         * @param clientId the client id
         * @param jwks     the client's public keys: a JWK Set JSON, or one JWK JSON object
         */
        public Builder privateKeyJwtClient(String clientId, String jwks) {
            return client(ClientRegistration.privateKeyJwt(clientId, jwks, ClientRegistration.LOCAL_REDIRECT_URIS));
        }

        /**
         * Registers a client that authenticates with {@code client_secret_jwt} only (an HS256 assertion keyed with
         * {@code secret}, at least 32 bytes), with the demo client's redirect URIs.
         */
        public Builder clientSecretJwtClient(String clientId, String secret) {
            return client(ClientRegistration.clientSecretJwt(clientId, secret, ClientRegistration.LOCAL_REDIRECT_URIS));
        }

        /** Adds a user; when none is added, {@linkplain DemoUser#alice() alice} and {@linkplain DemoUser#bob() bob} are. */
        public Builder user(DemoUser user) {
            Objects.requireNonNull(user, "user");
            if (users.stream().anyMatch(u -> u.username().equals(user.username()) || u.subject().equals(user.subject()))) {
                throw new IllegalArgumentException("user with this username or subject already added: " + user.username());
            }
            users.add(user);
            return this;
        }

        /** A provider with this configuration, not yet started. */
        public DevProvider build() {
            return new DevProvider(this);
        }

        /** Shorthand for {@code build().start()}. */
        public DevProvider start() {
            return build().start();
        }

        private static Duration requirePositive(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("lifetime must be at least one second: " + lifetime);
            }
            return lifetime;
        }
    }
}
