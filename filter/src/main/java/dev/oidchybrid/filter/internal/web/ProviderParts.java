package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.discovery.DiscoveryClient;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadataSource;
import dev.oidchybrid.filter.internal.flow.ParClient;
import dev.oidchybrid.filter.internal.health.CacheProbe;
import dev.oidchybrid.filter.internal.health.HealthSource;
import dev.oidchybrid.filter.internal.health.ProviderErrors;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.selfcheck.Finding;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.selfcheck.SelfCheck;
import dev.oidchybrid.filter.internal.token.DpopKey;
import dev.oidchybrid.filter.internal.token.TokenClient;
import dev.oidchybrid.filter.internal.token.TokenResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@link FilterAssembly} builds around the provider: discovery (with back-off, and the self-check on its first
 * success), the provider's keys, the self-check's findings and the record of the last failed call to the provider,
 * which every provider client it wraps ({@link #recorded}) reports to.
 */
record ProviderParts(ProviderMetadataSource metadata, JwksKeyResolver keys, ProviderErrors errors,
                     AtomicReference<List<Finding>> findings) {

    /** @param telemetry told of every JWKS fetch and why it was made */
    static ProviderParts open(OidcConfig config, ProviderHttp client, Clock clock, Optional<ClientKeys> clientKeys,
                              Optional<DecryptionKeys> decryption, Telemetry telemetry) {
        DiscoveryClient discovery = new DiscoveryClient(client);
        ProviderErrors errors = new ProviderErrors(clock);
        AtomicBoolean selfChecked = new AtomicBoolean();
        AtomicReference<List<Finding>> findings = new AtomicReference<>(List.of());
        ProviderMetadataSource metadata = new ProviderMetadataSource(() -> {
            ProviderMetadata discovered = errors.recorded(() -> discovery.discover(config.provider().issuer()));
            if (selfChecked.compareAndSet(false, true)) {
                findings.set(List.copyOf(SelfCheck.check(config, discovered, clientKeys, decryption)));
                StartupLog.selfCheck(findings.get());
            }
            return discovered;
        }, clock, Duration.ofSeconds(1), Duration.ofMinutes(1));
        JwksKeyResolver keys = JwksKeyResolver.honouringCacheHeaders(() -> {
            String jwksUri = metadata.get().jwksUri();
            return errors.recorded(() -> discovery.fetchJwks(jwksUri));
        }, clock, FilterAssembly.JWKS_MIN_REFETCH, FilterAssembly.JWKS_MAX_AGE, telemetry);
        return new ProviderParts(metadata, keys, errors, findings);
    }

    /** This instance's health, with the JCache cluster's probe when one is configured. */
    HealthSource health(Clock clock, Optional<CacheProbe> jcache) {
        return new HealthSource(clock, metadata, keys, errors, jcache, findings::get);
    }

    /** The token client, each failure recorded as the last provider error. */
    TokenClient recorded(TokenClient client) {
        return new TokenClient() {
            @Override
            public TokenResponse redeemCode(String tokenEndpoint, String code, String redirectUri,
                                            String codeVerifier, DpopKey dpop) {
                return errors.recorded(() -> client.redeemCode(tokenEndpoint, code, redirectUri, codeVerifier, dpop));
            }

            @Override
            public TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope, DpopKey dpop) {
                return errors.recorded(() -> client.refresh(tokenEndpoint, refreshToken, scope, dpop));
            }
        };
    }

    /** The pushed authorization request client, each failure recorded as the last provider error. */
    ParClient recorded(ParClient client) {
        return (endpoint, params) -> errors.recorded(() -> client.push(endpoint, params));
    }
}
