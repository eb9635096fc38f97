package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.benchmarks.RealisticSession;
import dev.oidchybrid.benchmarks.RealisticTokens;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.token.IdTokenExpectations;
import dev.oidchybrid.filter.internal.token.IdTokenValidator;
import dev.oidchybrid.filter.internal.token.ValidatedIdToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;

/**
 * One ID token from the token endpoint through every rule of the filter's {@link IdTokenValidator}: signature
 * (key from the cached JWKS), iss, aud, azp, exp, iat, nonce and at_hash. The token is Auth0-sized
 * ({@link RealisticTokens}).
 */
@State(Scope.Benchmark)
public class IdTokenValidationBenchmark {

    @Param({"RS256", "ES256"})
    public String algorithm;

    private IdTokenValidator validator;
    private String idToken;
    private IdTokenExpectations expectations;

    @Setup
    public void setUp() {
        RealisticTokens tokens = RealisticTokens.issue(algorithm);
        String jwks = tokens.jwks();
        Clock clock = Clock.systemUTC();
        validator = new IdTokenValidator(IdTokenValidator.Settings.from(RealisticSession.config()),
                new JwksKeyResolver(() -> jwks, clock, Duration.ofMinutes(1), Duration.ofHours(24)), clock);
        idToken = tokens.idToken();
        expectations = IdTokenExpectations.tokenEndpoint(RealisticTokens.NONCE, tokens.accessToken());
        validator.validate(idToken, expectations);
    }

    @Benchmark
    public ValidatedIdToken validate() {
        return validator.validate(idToken, expectations);
    }
}
