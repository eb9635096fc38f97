package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.http.ProviderClients;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.discovery.DiscoveryClient;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadataSource;
import dev.oidchybrid.filter.internal.selfcheck.Finding;
import dev.oidchybrid.filter.internal.selfcheck.SelfCheck;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.internal.flow.PendingLoginSealer;
import dev.oidchybrid.filter.internal.flow.RandomTokens;
import dev.oidchybrid.filter.internal.cluster.SharedState;
import dev.oidchybrid.filter.internal.cluster.SharedStates;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import dev.oidchybrid.filter.internal.session.SessionStore;
import dev.oidchybrid.filter.internal.token.IdTokenValidator;
import dev.oidchybrid.filter.internal.token.AccessTokenValidator;
import dev.oidchybrid.filter.internal.token.BoundedTokenClient;
import dev.oidchybrid.filter.internal.token.JerseyTokenClient;
import dev.oidchybrid.filter.internal.token.TokenClient;
import dev.oidchybrid.filter.internal.token.LogoutTokenValidator;
import dev.oidchybrid.filter.internal.token.TokenRefresher;
import dev.oidchybrid.filter.internal.token.UserInfoClient;
import jakarta.ws.rs.client.Client;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Everything one filter instance needs, wired from its configuration: the one Jersey client (closed by
 * {@link #close()}), discovery with backoff, the JWKS resolver, the ID token validator, the login flow,
 * cookies and the session store.
 */
final class OidcRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OidcRuntime.class.getName());
    /** Least time between two JWKS fetches caused by an unknown key id. */
    static final Duration JWKS_MIN_REFETCH = Duration.ofMinutes(1);
    /** Longest a JWKS is trusted without fetching it again (shorter when its response's Cache-Control says so). */
    static final Duration JWKS_MAX_AGE = Duration.ofHours(1);

    final OidcConfig config;
    final Client client;
    final ProviderMetadataSource metadata;
    final LoginFlow loginFlow;
    final PendingLoginCookies cookies;
    final RequestUrls urls;
    final SessionStore sessions;
    final SharedState shared;
    final SessionFactory sessionFactory;
    final LoginAttempts loginAttempts;
    final SessionRefresh sessionRefresh;
    final BackChannelLogoutEndpoint backChannelLogout;
    final BearerRequests bearerRequests;

    private OidcRuntime(OidcConfig config, Client client, Clock clock, SecureRandom random, String contextPath) {
        this.config = config;
        this.client = client;
        DiscoveryClient discovery = new DiscoveryClient(client);
        java.util.concurrent.atomic.AtomicBoolean selfChecked = new java.util.concurrent.atomic.AtomicBoolean();
        this.metadata = new ProviderMetadataSource(() -> {
            ProviderMetadata discovered = discovery.discover(config.issuer());
            if (selfChecked.compareAndSet(false, true)) {
                logSelfCheck(config, discovered);
            }
            return discovered;
        }, clock,
                Duration.ofSeconds(1), Duration.ofMinutes(1));
        JwksKeyResolver keys = JwksKeyResolver.honouringCacheHeaders(() -> discovery.fetchJwks(metadata.get().jwksUri()),
                clock, JWKS_MIN_REFETCH, JWKS_MAX_AGE);
        IdTokenValidator validator = new IdTokenValidator(IdTokenValidator.Settings.from(config), keys, clock);
        TokenClient tokenClient = new BoundedTokenClient(new JerseyTokenClient(client, config),
                config.maxProviderCalls(), Duration.ofMillis(250));
        UserInfoClient userInfo = new UserInfoClient(client);
        List<String> secrets = cookieSecrets(config, random);
        RandomTokens randomTokens = new RandomTokens(random);
        this.urls = new RequestUrls(config);
        this.sessionFactory = new SessionFactory(config, randomTokens);
        SealingScope scope = new SealingScope(config.issuer(), config.clientId(), contextPath);
        SessionCodec codec = new SessionCodec(SessionCodec.sealer(secrets, scope), scope, sessionFactory);
        // the longest a refresh can take: token request, then JWKS and UserInfo requests, each within the timeouts
        Duration refreshLease = config.connectTimeout().plus(config.readTimeout()).multipliedBy(3).plusSeconds(2);
        SharedStates.Wiring wiring = SharedStates.create(config, clock, codec, randomTokens, urls::isSecure,
                refreshLease);
        this.shared = wiring.shared();
        this.sessions = wiring.store();
        this.loginFlow = new LoginFlow(config, metadata::get, validator, tokenClient, clock,
                randomTokens, shared.usedStates(), userInfo);
        this.cookies = new PendingLoginCookies(new PendingLoginSealer(secrets, scope),
                config.loginTimeout(), config.maxPendingLogins());
        this.loginAttempts = new LoginAttempts(clock, urls::isSecure);
        this.bearerRequests = config.bearerMode()
                ? new BearerRequests(config, new AccessTokenValidator(AccessTokenValidator.Settings.from(config), keys,
                clock)) : null;
        this.backChannelLogout = new BackChannelLogoutEndpoint(new LogoutTokenValidator(
                LogoutTokenValidator.Settings.from(config), keys, clock),
                shared.revocations(), shared.usedLogoutTokens(), clock);
        this.sessionRefresh = new SessionRefresh(sessions, sessionFactory, shared, codec,
                new TokenRefresher(config, metadata::get, validator, tokenClient, clock, userInfo), clock,
                refreshLease, config.sessionMaxAge());
    }

    /** @param contextPath the application's context path: sealed values are bound to it (and issuer, client) */
    static OidcRuntime create(OidcConfig config, Clock clock, SecureRandom random, String contextPath) {
        Client client = ProviderClients.create(config.connectTimeout(), config.readTimeout());
        OidcRuntime runtime;
        try {
            runtime = new OidcRuntime(config, client, clock, random, contextPath);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        if (config.baseUrl().isEmpty() && !config.bearerMode()) {
            LOG.log(System.Logger.Level.WARNING, "base-url is not set: redirect_uri and cookie security follow each "
                    + "request's Host header{0}; set base-url to the application''s external URL in production",
                    config.trustForwardedHeaders() ? " and its X-Forwarded-* headers (last value of each)" : "");
        }
        try {
            runtime.metadata.get();
        } catch (RuntimeException e) {
            // logged by the metadata source; requests get 503 with Retry-After until discovery succeeds
        }
        return runtime;
    }

    /** The start-up self-check, once per filter: one log line per finding, saying what to change. */
    private static void logSelfCheck(OidcConfig config, ProviderMetadata discovered) {
        List<Finding> findings = SelfCheck.check(config, discovered);
        for (Finding finding : findings) {
            LOG.log(switch (finding.severity()) {
                case ERROR -> System.Logger.Level.ERROR;
                case WARNING -> System.Logger.Level.WARNING;
                case INFO -> System.Logger.Level.INFO;
            }, "OIDC self-check: {0}", finding.line());
        }
        if (findings.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "OIDC self-check: the provider advertises everything this "
                    + "configuration uses");
        }
    }

    private static List<String> cookieSecrets(OidcConfig config, SecureRandom random) {
        if (!config.cookieKeys().isEmpty()) {
            return config.cookieKeys();
        }
        if (!config.bearerMode()) {
            LOG.log(System.Logger.Level.WARNING, "cookie-keys is not set: a random key was generated. Logins started "
                    + "on another node or before a restart will fail; set cookie-keys when several nodes serve the app.");
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        return List.of(Base64.getEncoder().encodeToString(key));
    }

    @Override
    public void close() {
        client.close();
        shared.close();
    }
}
