package dev.oidchybrid.benchmarks.micro;

import dev.oidchybrid.benchmarks.RealisticSession;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.flow.AuthorizationRequestBuilder;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.internal.flow.LoginStart;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The start of a login: {@link #authorizationUrl()} only builds the authorization URL from given values;
 * {@link #loginStart()} is what the filter does per login start: fresh state, nonce and PKCE verifier
 * ({@link SecureRandom}), the S256 challenge, and the URL.
 */
@State(Scope.Benchmark)
public class LoginStartBenchmark {

    private static final String REDIRECT_URI = "https://app.example.com/shop/callback";

    private OidcConfig config;
    private ProviderMetadata metadata;
    private LoginFlow flow;

    @Setup
    public void setUp() {
        config = RealisticSession.config();
        metadata = new ProviderMetadata(config.provider().issuer(), config.provider().issuer() + "authorize", config.provider().issuer() + "oauth/token",
                config.provider().issuer() + ".well-known/jwks.json", config.provider().issuer() + "userinfo", config.provider().issuer() + "oidc/logout",
                List.of("code", "code id_token"), List.of("query", "form_post"), List.of("S256"), List.of("RS256"),
                List.of("client_secret_basic"), false);
        flow = new LoginFlow(LoginFlow.Settings.from(config), () -> metadata, null, null, Clock.systemUTC(),
                new RandomTokens(new SecureRandom()), null, null);
    }

    @Benchmark
    public String authorizationUrl() {
        return AuthorizationRequestBuilder.build(metadata.authorizationEndpoint(), config.client(), REDIRECT_URI,
                "Zq8Kc3vTn1Lr6Xw0Ys4Pd9Mb2Hf7Ga5JeUoQiRtEyWl", "n-0S6_WzA2Mj4Qh1Zx8yFv3PrcKd7Ty9LbEq5mRuGsH",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Map.of());
    }

    @Benchmark
    public LoginStart loginStart() {
        return flow.start(REDIRECT_URI, "/appointments?week=47", Map.of());
    }
}
