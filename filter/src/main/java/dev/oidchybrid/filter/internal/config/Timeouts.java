package dev.oidchybrid.filter.internal.config;

import java.time.Duration;

/**
 * How long the filter waits for a provider and how it counts time in tokens: the limits that keep a slow or
 * flooded provider from holding request threads, and the tolerances of token lifetimes.
 *
 * @param connectTimeout             HTTP connect timeout towards the provider
 * @param readTimeout                HTTP read timeout towards the provider
 * @param maxProviderCalls           most code exchanges (and as many refreshes) at once: a bulkhead
 * @param clockSkew                  allowed clock difference when checking {@code exp}, {@code iat},
 *                                   {@code nbf} and {@code auth_time}
 * @param refreshBeforeExpiry        how long before the access token expires a request triggers a refresh
 * @param accessTokenDefaultLifetime the lifetime taken for an access token whose token response gave no
 *                                   {@code expires_in}
 */
public record Timeouts(Duration connectTimeout, Duration readTimeout, int maxProviderCalls, Duration clockSkew,
                       Duration refreshBeforeExpiry, Duration accessTokenDefaultLifetime) {

    static Timeouts parse(ParamReader reader) {
        Duration clockSkew = reader.seconds(InitParam.CLOCK_SKEW, 0, 600);
        Duration connect = reader.millis(InitParam.CONNECT_TIMEOUT, 1, 300_000);
        Duration read = reader.millis(InitParam.READ_TIMEOUT, 1, 300_000);
        Duration refreshBeforeExpiry = reader.seconds(InitParam.REFRESH_BEFORE_EXPIRY, 0, 3600);
        Duration accessTokenLifetime = reader.seconds(InitParam.ACCESS_TOKEN_DEFAULT_LIFETIME, 60, 86_400);
        int maxProviderCalls = reader.boundedInt(InitParam.MAX_PROVIDER_CALLS, 1, 1000);
        return new Timeouts(connect, read, maxProviderCalls, clockSkew, refreshBeforeExpiry, accessTokenLifetime);
    }
}
