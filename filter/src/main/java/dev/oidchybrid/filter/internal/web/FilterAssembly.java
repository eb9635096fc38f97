package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.cluster.JCacheSharedState;
import dev.oidchybrid.filter.internal.cluster.ReplayStore;
import dev.oidchybrid.filter.internal.cluster.Revocations;
import dev.oidchybrid.filter.internal.cluster.SharedState;
import dev.oidchybrid.filter.internal.cluster.SharedStates;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.config.SessionSettings;
import dev.oidchybrid.filter.internal.config.SessionStoreKind;
import dev.oidchybrid.filter.internal.config.SharedStateKind;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.flow.BoundedParClient;
import dev.oidchybrid.filter.internal.flow.JerseyParClient;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.internal.flow.ParClient;
import dev.oidchybrid.filter.internal.flow.PendingLoginSealer;
import dev.oidchybrid.filter.internal.flow.PreservedPostSealer;
import dev.oidchybrid.filter.internal.flow.RequestObjects;
import dev.oidchybrid.filter.internal.health.CacheProbe;
import dev.oidchybrid.filter.internal.health.HealthSource;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.observe.ProviderCalls;
import dev.oidchybrid.filter.internal.observe.TelemetryFanOut;
import dev.oidchybrid.filter.internal.session.CookieSessionStore;
import dev.oidchybrid.filter.internal.session.JCacheSessionStore;
import dev.oidchybrid.filter.internal.session.RequestSession;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import dev.oidchybrid.filter.internal.session.SessionRefresh;
import dev.oidchybrid.filter.internal.session.SessionStore;
import dev.oidchybrid.filter.internal.token.AccessTokenValidator;
import dev.oidchybrid.filter.internal.token.BoundedTokenClient;
import dev.oidchybrid.filter.internal.token.ClientAuthentication;
import dev.oidchybrid.filter.internal.token.Dpop;
import dev.oidchybrid.filter.internal.token.DpopNonceMemory;
import dev.oidchybrid.filter.internal.token.DpopNonces;
import dev.oidchybrid.filter.internal.token.DpopProofValidator;
import dev.oidchybrid.filter.internal.token.DpopReplayQuota;
import dev.oidchybrid.filter.internal.token.ClientKeyLoader;
import dev.oidchybrid.filter.internal.token.IdTokenDecrypter;
import dev.oidchybrid.filter.internal.token.IdTokenValidator;
import dev.oidchybrid.filter.internal.token.JerseyTokenClient;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator;
import dev.oidchybrid.filter.internal.token.TokenClient;
import dev.oidchybrid.filter.internal.token.TokenRefresher;
import dev.oidchybrid.filter.internal.token.UserInfoClient;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The composition root: builds everything one filter instance needs from its configuration, each part with
 * exactly its collaborators, and the {@link Routes} of its mode, chosen once. It is the only class that knows
 * every part; below it nothing assumes a single provider. Owns the one Jersey client and the shared state,
 * released by {@link Assembled#close()}.
 */
final class FilterAssembly {

    /** Live DPoP proofs one key may hold in the replay store (1 % of the local store's 100,000). */
    private static final int DPOP_PROOFS_PER_KEY = 1000;
    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    /** Least time between two JWKS fetches caused by an unknown key id. */
    static final Duration JWKS_MIN_REFETCH = Duration.ofMinutes(1);
    /** Longest a JWKS is trusted without fetching it again (shorter when its response's Cache-Control says so). */
    static final Duration JWKS_MAX_AGE = Duration.ofHours(1);
    /** Longest a health check waits for the JCache cluster's answer. */
    static final Duration JCACHE_PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** How long a health check's JCache answer is kept, so pollers cannot load the cluster. */
    static final Duration JCACHE_PROBE_TTL = Duration.ofSeconds(5);

    /**
     * The routes of a filter instance, what to release when it is destroyed, its revocations (null: bearer mode),
     * its health (for {@code health-path} and the MicroProfile Health check) and its telemetry (unregistered after
     * the resources are released).
     */
    record Assembled(Routes routes, AutoCloseable resources, Revocations revocations, HealthSource health,
                     TelemetryFanOut telemetry)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (telemetry) {
                resources.close();
            }
        }
    }

    private FilterAssembly() {
    }

    /**
     * @param filterName  the filter's name, which names its metrics MBean (with the context path)
     * @param contextPath the application's context path: sealed values are bound to it (and issuer, client)
     * @throws dev.oidchybrid.filter.internal.OidcException {@code invalid_configuration} when a configured part
     *         (JCache) cannot be opened
     */
    static Assembled assemble(OidcConfig config, Clock clock, SecureRandom random, String filterName,
                              String contextPath) {
        // the client's own keys are read and checked before anything is opened: a bad one fails init() at once
        Optional<ClientKeys> keys = config.bearer().enabled() ? Optional.empty()
                : ClientKeyLoader.fromFileSystem().load(config.client().keys());
        Optional<DecryptionKeys> decryption = config.bearer().enabled() ? Optional.empty()
                : ClientKeyLoader.fromFileSystem().loadDecryptionKeys(config.client().keys(), keys);
        TelemetryFanOut telemetry = TelemetryFanOut.forInstance(filterName, contextPath);
        ProviderHttp client = ProviderHttp.open(config.timeouts().connectTimeout(), config.timeouts().readTimeout(),
                new ProviderCalls(telemetry));
        try {
            ProviderParts provider = ProviderParts.open(config, client, clock, keys, decryption, telemetry);
            Assembled assembled = config.bearer().enabled()
                    ? bearerMode(config, client, provider, clock, random, telemetry)
                    : sessionMode(config, client, provider, keys, decryption, clock, random, contextPath, telemetry);
            StartupLog.warnWithoutBaseUrl(config);
            try {
                provider.metadata().get();
            } catch (RuntimeException e) {
                // logged by the metadata source; requests get 503 with Retry-After until discovery succeeds
            }
            return assembled;
        } catch (RuntimeException e) {
            client.close();
            telemetry.close();
            throw e;
        }
    }

    /** Bearer mode, with its one piece of shared state: the used DPoP proofs (cluster-wide with shared-state=jcache). */
    private static Assembled bearerMode(OidcConfig config, ProviderHttp client, ProviderParts provider, Clock clock,
                                        SecureRandom random, TelemetryFanOut telemetry) {
        AccessTokenValidator validator = new AccessTokenValidator(AccessTokenValidator.Settings.from(config),
                provider.keys(), clock);
        Duration skew = config.timeouts().clockSkew();
        ReplayStore proofs = SharedStates.dpopProofs(config.session(), DpopProofValidator.retention(skew));
        boolean fapi2 = config.profile() == Profile.FAPI2;
        DpopProofValidator dpop = new DpopProofValidator(skew, new DpopReplayQuota(proofs.used()::markUsed,
                DPOP_PROOFS_PER_KEY),
                config.bearer().dpopNonce() ? Optional.of(new DpopNonces(nonceKeys(config, random),
                        config.client().audience().orElseThrow(), clock))
                        : Optional.empty(), fapi2 ? DpopProofValidator.FAPI2_ALGS : DpopProofValidator.ALGS);
        Optional<CacheProbe> jcache = config.session().sharedState() == SharedStateKind.JCACHE
                ? Optional.of(new CacheProbe(proofs.reachable(), clock, JCACHE_PROBE_TIMEOUT, JCACHE_PROBE_TTL))
                : Optional.empty();
        HealthSource health = provider.health(clock, jcache);
        Routes routes = new BearerRoutes(config.paths().excludedPaths(), new BearerRequests(config.bearer(),
                config.provider(), config.client().audience().orElseThrow(), validator, dpop,
                new RequestUrls(config.paths()), clock, fapi2, BearerAccess.of(config, clock), telemetry),
                config.paths().healthPath().orElse(null), healthEndpoint(config, health));
        return new Assembled(routes, () -> {
            jcache.ifPresent(CacheProbe::close);
            client.close();
            proofs.close();
        }, null, health, telemetry);
    }

    private static Assembled sessionMode(OidcConfig config, ProviderHttp client, ProviderParts provider,
                                         Optional<ClientKeys> keys, Optional<DecryptionKeys> decryption, Clock clock,
                                         SecureRandom random, String contextPath, TelemetryFanOut telemetry) {
        IdTokenValidator validator = new IdTokenValidator(IdTokenValidator.Settings.from(config), provider.keys(),
                decryption.map(IdTokenDecrypter::new), clock);
        Dpop dpop = config.dpop().enabled() ? new Dpop(config.dpop(), new DpopNonceMemory(), clock, random) : null;
        RandomTokens randomTokens = new RandomTokens(random);
        ClientAuthentication authentication = ClientAuthentication.forClient(config.client(), keys, config.profile(),
                () -> provider.metadata().get().tokenEndpointAuthSigningAlgValuesSupported(), clock, randomTokens);
        TokenClient tokenClient = new BoundedTokenClient(provider.recorded(new JerseyTokenClient(client,
                authentication, config.provider().issuer(), dpop)), config.timeouts().maxProviderCalls(),
                Duration.ofMillis(250));
        ParClient parClient = new BoundedParClient(provider.recorded(new JerseyParClient(client, authentication,
                config.provider().issuer())), config.timeouts().maxProviderCalls(), Duration.ofMillis(250));
        UserInfoClient userInfo = new UserInfoClient(client, dpop);
        List<String> secrets = cookieSecrets(config, random);
        RequestUrls urls = new RequestUrls(config.paths());
        SessionFactory sessionFactory = new SessionFactory(config.provider(), randomTokens);
        SealingScope scope = new SealingScope(config.provider().issuer(), config.client().clientId(), contextPath);
        SessionCodec codec = new SessionCodec(SessionCodec.sealer(secrets, scope), scope, sessionFactory);
        // the longest a refresh can take: token request, then JWKS and UserInfo requests, each within the timeouts
        Duration refreshLease = config.timeouts().connectTimeout().plus(config.timeouts().readTimeout()).multipliedBy(3).plusSeconds(2);
        SharedState shared;
        Sessions sessions;
        JCacheSharedState jcache = config.session().store() == SessionStoreKind.JCACHE
                || config.session().sharedState() == SharedStateKind.JCACHE
                ? SharedStates.openJCache(config.session(), clock, refreshLease) : null;
        Optional<CacheProbe> probe = Optional.ofNullable(jcache).map(cluster -> new CacheProbe(cluster::reachable,
                clock, JCACHE_PROBE_TIMEOUT, JCACHE_PROBE_TTL));
        if (config.session().store() == SessionStoreKind.JCACHE) {
            shared = jcache.state();
            sessions = inCookies(new JCacheSessionStore(jcache, codec, randomTokens, clock,
                    config.session().timeout()), urls);
        } else {
            shared = jcache != null ? jcache.state() : SharedStates.create(config.session(), clock, refreshLease);
            sessions = config.session().store() == SessionStoreKind.COOKIE
                    ? inCookies(new CookieSessionStore(codec, clock, config.session().timeout(),
                            shared.revocations()::revokeSession), urls)
                    : httpSessions(new HttpSessionStore(scope, secrets));
        }
        HealthSource health = provider.health(clock, probe);
        try {
            LoginFlow loginFlow = new LoginFlow(LoginFlow.Settings.from(config), provider.metadata()::get, validator,
                    tokenClient, clock, randomTokens, shared.usedStates(), userInfo, parClient,
                    dpop == null ? Optional::empty : dpop::newKey, RequestObjects.forClient(config.client(), keys,
                            config.provider().issuer(), config.profile() == Profile.FAPI2, clock, randomTokens));
            PendingLoginCookies pending = new PendingLoginCookies(new PendingLoginSealer(secrets, scope),
                    config.session().loginTimeout(), config.session().maxPendingLogins());
            LoginAttempts attempts = new LoginAttempts(clock, urls::isSecure);
            SessionSettings.PreservePost preserve = config.session().preservePost();
            PreservedPostCookies posts = preserve.enabled() ? new PreservedPostCookies(
                    new PreservedPostSealer(secrets, scope), config.session().loginTimeout()) : null;
            LoginStarter logins = new LoginStarter(loginFlow, pending, urls, posts, telemetry);
            SessionRefresh refresh = new SessionRefresh(sessionFactory, shared, codec,
                    new TokenRefresher(TokenRefresher.Settings.from(config), provider.metadata()::get, validator,
                            tokenClient, clock, userInfo),
                    clock, refreshLease, config.session().maxAge(), telemetry);
            Routes routes = new SessionRoutes(
                    SessionRoutes.Paths.of(config),
                    new CallbackEndpoint(new CallbackThrottle(clock), pending, loginFlow, logins, sessionFactory,
                            sessions, attempts, urls, config.session().loginTimeout(), posts, telemetry),
                    new LogoutEndpoint(new LogoutEndpoint.Settings(config.client().clientId(), config.paths().logoutPath(),
                            config.paths().postLogoutPath()), sessions, attempts, provider.metadata()::peek, urls, randomTokens,
                            telemetry),
                    new BackChannelLogoutEndpoint(new LogoutTokenValidator(
                            LogoutTokenValidator.Settings.from(config), provider.keys(), clock),
                            shared.revocations(), shared.usedLogoutTokens(), clock, telemetry),
                    new ProtectedRequests(sessions, refresh, attempts, logins, new TokenDestinations(
                            config.bearer().apiOrigins(), provider.metadata()::peek, config.paths().baseUrl()),
                            config.client().clientId(), dpop, AccessGate.of(config, logins, urls, clock),
                            preserve.enabled() ? new PostPreservation(urls, preserve.maxBytes()) : null),
                    config.client().keys().jwksPath().isPresent()
                            ? new ClientJwksEndpoint(DecryptionKeys.publicJwks(keys, decryption)) : null,
                    healthEndpoint(config, health));
            return new Assembled(routes, () -> {
                probe.ifPresent(CacheProbe::close);
                client.close();
                shared.close();
            }, shared.revocations(), health, telemetry);
        } catch (RuntimeException e) {
            probe.ifPresent(CacheProbe::close);
            shared.close();
            throw e;
        }
    }

    /** The {@code health-path} endpoint, or null when none is configured. */
    private static HealthEndpoint healthEndpoint(OidcConfig config, HealthSource health) {
        return config.paths().healthPath().isPresent() ? new HealthEndpoint(health) : null;
    }


    /** The keys DPoP nonces derive from: {@code cookie-keys} (shared by every node), else a random one per node. */
    private static List<byte[]> nonceKeys(OidcConfig config, SecureRandom random) {
        if (!config.session().cookieKeys().isEmpty()) {
            return config.session().cookieKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        }
        LOG.log(System.Logger.Level.WARNING, "dpop-nonce is set without cookie-keys: nonces come from a random key of "
                + "this node, which other nodes do not accept; set cookie-keys when several nodes serve the API.");
        byte[] key = new byte[32];
        random.nextBytes(key);
        return List.of(key);
    }

    /** A store the filter keeps itself, reached through each request's session cookies. */
    private static Sessions inCookies(SessionStore store, RequestUrls urls) {
        return (request, response) -> RequestSession.in(store,
                new Cookies(request, response, urls.isSecure(request)).sessionJar());
    }

    /** The container's {@code HttpSession}. */
    private static Sessions httpSessions(HttpSessionStore store) {
        return (request, response) -> store.of(request);
    }

    private static List<String> cookieSecrets(OidcConfig config, SecureRandom random) {
        if (!config.session().cookieKeys().isEmpty()) {
            return config.session().cookieKeys();
        }
        LOG.log(System.Logger.Level.WARNING, "cookie-keys is not set: a random key was generated. Logins started "
                + "on another node or before a restart will fail; set cookie-keys when several nodes serve the app.");
        byte[] key = new byte[32];
        random.nextBytes(key);
        return List.of(Base64.getEncoder().encodeToString(key));
    }
}
