package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.DpopKey;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code profile=fapi2} in bearer mode: no client key needed, sender-constrained (DPoP-bound) tokens only, proofs
 * with the profile's algorithms only. The provider signs ES256, one of the profile's token algorithms.
 */
class Fapi2BearerModeTest {

    private static final String AUDIENCE = "appointments:api";
    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .signingAlgorithm("ES256").accessTokenLifetime(Duration.ofMinutes(30)));
    private FilterHarness api;

    @BeforeEach
    void start() throws Exception {
        api = new FilterHarness(Map.of("mode", "bearer", "audience", AUDIENCE, "profile", "fapi2"),
                provider.environment(), clock, "/api");
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private String token(String jkt) {
        String token = provider.devProvider().accessToken(DemoUser.alice(), AUDIENCE, List.of("openid"), jkt);
        LogSafety.secret(token);
        return token;
    }

    private static String challenge(HttpResponse<String> answer) {
        return answer.headers().firstValue("WWW-Authenticate").orElse("");
    }

    private HttpResponse<String> call(DpopKey key, String token) {
        String url = api.url("/appointments/7");
        String proof = key.proof("GET", url).accessToken(token).sign();
        LogSafety.secret(proof);
        return new Browser().get(url, "Authorization", "DPoP " + token, "DPoP", proof);
    }

    @Test
    void fapi2WhenAnUnboundTokenIsSentAsBearerThen401SenderConstrainedOnly() {
        HttpResponse<String> answer = new Browser().get(api.url("/appointments/7"), "Authorization",
                "Bearer " + token(null));
        assertEquals(401, answer.statusCode(), answer.body());
        assertTrue(challenge(answer).contains("error=\"invalid_token\""), challenge(answer));
        assertTrue(challenge(answer).contains("not sender-constrained"), challenge(answer));
    }

    @Test
    void fapi2WhenABoundTokenWithAnEs256ProofThenPassesWithoutAnyClientKey() {
        DpopKey key = DpopKey.generate("ES256", clock);
        HttpResponse<String> answer = call(key, token(key.thumbprint()));
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("dpopJkt=" + key.thumbprint()), answer.body());
    }

    @Test
    void fapi2WhenTheProofIsRs256Then401AndTheChallengeListsTheProfilesAlgorithms() {
        DpopKey key = DpopKey.generate("RS256", clock);
        HttpResponse<String> answer = call(key, token(key.thumbprint()));
        assertEquals(401, answer.statusCode(), answer.body());
        assertTrue(challenge(answer).contains("error=\"invalid_dpop_proof\""), challenge(answer));
        assertTrue(challenge(answer).contains("algs=\"ES256 PS256 EdDSA\""), challenge(answer));
    }

    @Test
    void fapi2WhenTheAccessTokenIsRs256SignedThen401() throws Exception {
        try (DevProvider rs256 = DevProvider.builder().clock(clock).build().start()) {
            api.close();
            api = new FilterHarness(Map.of("mode", "bearer", "audience", AUDIENCE, "profile", "fapi2"),
                    DevProviderFixture.environment(rs256), clock, "/api");
            DpopKey key = DpopKey.generate("ES256", clock);
            String token = rs256.accessToken(DemoUser.alice(), AUDIENCE, List.of("openid"), key.thumbprint());
            LogSafety.secret(token);
            HttpResponse<String> answer = call(key, token);
            assertEquals(401, answer.statusCode(), answer.body());
            assertTrue(challenge(answer).contains("error=\"invalid_token\""), challenge(answer));
        }
    }
}
