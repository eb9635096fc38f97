package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestDpopProofs;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DpopKey;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer mode verifies DPoP (RFC 9449 §7) whatever the client-side {@code dpop} setting: a token bound by
 * {@code cnf.jkt} passes only with the {@code DPoP} scheme and one valid proof of its key for this request, as
 * the client addressed it (base-url behind a proxy). Bound tokens come from the development provider
 * ({@code cnf.jkt}); proofs from the test kit's {@link DpopKey} (made independently of the filter) and from
 * {@link TestDpopProofs}.
 */
class DpopBearerModeTest {

    private static final String AUDIENCE = "appointments:api";
    private static final String JKT = TestDpopProofs.thumbprint(TestDpopProofs.CLIENT_KEY);
    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(Duration.ofMinutes(30)));
    private FilterHarness api;

    @BeforeEach
    void start() throws Exception {
        api = api(Map.of());
    }

    private FilterHarness api(Map<String, String> more) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("mode", "bearer", "audience", AUDIENCE,
                "required-scopes", "/appointments/*=read:appointments; /admin/*=admin:all"));
        params.putAll(more);
        return new FilterHarness(params, provider.environment(), clock, "/api");
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private String token(String jkt) {
        String token = provider.devProvider().accessToken(DemoUser.alice(), AUDIENCE,
                List.of("openid", "read:appointments"), jkt);
        LogSafety.secret(token);
        return token;
    }

    private String boundToken() {
        return token(JKT);
    }

    private String proof(String method, String url, String token) {
        String proof = TestDpopProofs.of(method, url, clock.instant().getEpochSecond()).forToken(token).sign();
        LogSafety.secret(proof);
        return proof;
    }

    private static HttpResponse<String> call(String url, String... headers) {
        return new Browser().get(url, headers);
    }

    private static String challenge(HttpResponse<String> answer) {
        return answer.headers().firstValue("WWW-Authenticate").orElse("");
    }

    @Test
    void dpopWhenBoundTokenWithAGoodProofThenPassesWithTheBinding() {
        String token = boundToken();
        String url = api.url("/appointments/7");
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof("GET", url, token));
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("user=alice-0001"), answer.body());
        assertTrue(answer.body().contains("authType=Bearer"), answer.body());
        assertTrue(answer.body().contains("dpopJkt=" + JKT), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "PS256", "RS256", "EdDSA"})
    void dpopWhenTheKitsProofOfItsKeyThenPasses(String algorithm) {
        DpopKey key = DpopKey.generate(algorithm, clock);
        String token = token(key.thumbprint());
        String url = api.url("/appointments/7");
        String proof = key.proof("GET", url).accessToken(token).sign();
        LogSafety.secret(proof);
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("dpopJkt=" + key.thumbprint()), answer.body());
    }

    @Test
    void dpopWhenQueryIsNotInTheProofThenStillPasses() {
        String token = boundToken();
        HttpResponse<String> answer = call(api.url("/appointments/7?page=2"), "Authorization", "DPoP " + token, "DPoP",
                proof("GET", api.url("/appointments/7"), token));
        assertEquals(200, answer.statusCode(), answer.body());
    }

    @Test
    void dpopWhenBoundTokenIsSentAsBearerThen401InvalidToken() {
        String token = boundToken();
        String url = api.url("/appointments/7");
        HttpResponse<String> answer = call(url, "Authorization", "Bearer " + token, "DPoP", proof("GET", url, token));
        assertEquals(401, answer.statusCode());
        assertTrue(challenge(answer).startsWith("Bearer realm=\"appointments:api\""), challenge(answer));
        assertTrue(challenge(answer).contains("error=\"invalid_token\""), challenge(answer));
    }

    @Test
    void dpopWhenProofIsReplayedThen401InvalidDpopProof() {
        String token = boundToken();
        String url = api.url("/appointments/7");
        String proof = proof("GET", url, token);
        assertEquals(200, call(url, "Authorization", "DPoP " + token, "DPoP", proof).statusCode());
        HttpResponse<String> replay = call(url, "Authorization", "DPoP " + token, "DPoP", proof);
        assertEquals(401, replay.statusCode());
        assertTrue(challenge(replay).startsWith("DPoP "), challenge(replay));
        assertTrue(challenge(replay).contains("error=\"invalid_dpop_proof\""), challenge(replay));
        assertTrue(challenge(replay).contains("algs=\"ES256 "), challenge(replay));
        assertTrue(replay.body().contains("invalid_dpop_proof"));
    }

    @Test
    void dpopWhenProofIsForAnotherUrlThen401InvalidDpopProof() {
        String token = boundToken();
        HttpResponse<String> answer = call(api.url("/appointments/7"), "Authorization", "DPoP " + token, "DPoP",
                proof("GET", api.url("/appointments/8"), token));
        assertEquals(401, answer.statusCode());
        assertTrue(challenge(answer).contains("error=\"invalid_dpop_proof\""), challenge(answer));
    }

    @Test
    void dpopWhenProofIsForAnotherMethodThen401InvalidDpopProof() {
        String token = boundToken();
        String url = api.url("/appointments/7");
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof("POST", url, token));
        assertEquals(401, answer.statusCode());
    }

    @Test
    void dpopWhenProofIsOfAnotherKeyThen401InvalidDpopProof() {
        String token = boundToken();
        String url = api.url("/appointments/7");
        String proof = TestDpopProofs.of("GET", url, clock.instant().getEpochSecond()).forToken(token)
                .key(TestDpopProofs.newKey(), "ES256").sign();
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof);
        assertEquals(401, answer.statusCode());
        assertTrue(challenge(answer).contains("error=\"invalid_dpop_proof\""), challenge(answer));
    }

    @Test
    void dpopWhenSchemeWithoutProofThen401InvalidDpopProof() {
        HttpResponse<String> answer = call(api.url("/appointments/7"), "Authorization", "DPoP " + boundToken());
        assertEquals(401, answer.statusCode());
        assertTrue(challenge(answer).contains("error=\"invalid_dpop_proof\""), challenge(answer));
    }

    @Test
    void dpopWhenTwoProofHeadersThen401InvalidDpopProof() {
        String token = boundToken();
        String url = api.url("/appointments/7");
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof("GET", url, token),
                "DPoP", proof("GET", url, token));
        assertEquals(401, answer.statusCode());
        assertTrue(challenge(answer).contains("error=\"invalid_dpop_proof\""), challenge(answer));
    }

    @Test
    void dpopWhenSchemeWithAnUnboundTokenThen401InvalidToken() {
        String token = token(null);
        String url = api.url("/appointments/7");
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof("GET", url, token));
        assertEquals(401, answer.statusCode());
        assertTrue(challenge(answer).startsWith("DPoP "), challenge(answer));
        assertTrue(challenge(answer).contains("error=\"invalid_token\""), challenge(answer));
    }

    @Test
    void dpopWhenUnboundTokenAsBearerThenPassesAsBefore() {
        String token = token(null);
        HttpResponse<String> answer = call(api.url("/appointments/7"), "Authorization", "Bearer " + token);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("dpopJkt=null"), answer.body());
    }

    @Test
    void dpopWhenScopeMissingThen403WithADpopChallenge() {
        String token = boundToken();
        String url = api.url("/admin/users");
        HttpResponse<String> answer = call(url, "Authorization", "DPoP " + token, "DPoP", proof("GET", url, token));
        assertEquals(403, answer.statusCode());
        assertTrue(challenge(answer).startsWith("DPoP "), challenge(answer));
        assertTrue(challenge(answer).contains("error=\"insufficient_scope\", scope=\"admin:all\""), challenge(answer));
    }

    @Test
    void dpopWhenBehindAProxyWithBaseUrlThenTheExternalUrlIsTheHtu() throws Exception {
        api.close();
        api = api(Map.of("base-url", "https://api.example.com/public"));
        String token = boundToken();
        HttpResponse<String> external = call(api.url("/appointments/7"), "Authorization", "DPoP " + token, "DPoP",
                proof("GET", "https://api.example.com/public/appointments/7", token));
        assertEquals(200, external.statusCode(), external.body());
        HttpResponse<String> internal = call(api.url("/appointments/7"), "Authorization", "DPoP " + token, "DPoP",
                proof("GET", api.url("/appointments/7"), token));
        assertEquals(401, internal.statusCode(), "the proxy's internal URL is not what the client addressed");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dpopWhenBaseUrlIsNotSetThenTheSocketIsTheHtuNeverTheHostOrForwardedHeaders(boolean trustForwardedHeaders)
            throws Exception {
        if (trustForwardedHeaders) {
            api.close();
            api = api(Map.of("trust-forwarded-headers", "true"));
        }
        String token = boundToken();
        // a proof the client made for another API that accepts the same tokens, replayed here with the forwarded
        // headers naming that API
        String otherApi = "https://other-api.example.com/api/appointments/7";
        HttpResponse<String> forwarded = call(api.url("/appointments/7"), "Authorization", "DPoP " + token, "DPoP",
                proof("GET", otherApi, token), "X-Forwarded-Proto", "https", "X-Forwarded-Host",
                "other-api.example.com");
        assertEquals(401, forwarded.statusCode(), forwarded.body());
        assertTrue(challenge(forwarded).contains("error=\"invalid_dpop_proof\""), challenge(forwarded));
        // the Host header is the client's too: here localhost, while the socket is 127.0.0.1
        String viaName = "http://localhost:" + api.port() + "/api/appointments/7";
        HttpResponse<String> host = call(viaName, "Authorization", "DPoP " + token, "DPoP",
                proof("GET", viaName, token));
        assertEquals(401, host.statusCode(), "a proof of the URL the Host header names is not enough");
        // the socket's own URL is what the proof must name
        String socket = api.url("/appointments/7");
        HttpResponse<String> direct = call(socket, "Authorization", "DPoP " + token, "DPoP",
                proof("GET", socket, token));
        assertEquals(200, direct.statusCode(), direct.body());
    }

    @Test
    void dpopWhenTheApiRequiresNoncesThenUseDpopNonceFirstAndTheNonceOpens() throws Exception {
        api.close();
        api = api(Map.of("dpop-nonce", "true", "cookie-keys", "dpop-bearer-mode-test-key-0123456789abcdef"));
        String token = boundToken();
        String url = api.url("/appointments/7");
        HttpResponse<String> first = call(url, "Authorization", "DPoP " + token, "DPoP", proof("GET", url, token));
        assertEquals(401, first.statusCode());
        assertTrue(challenge(first).contains("error=\"use_dpop_nonce\""), challenge(first));
        assertTrue(first.body().contains("use_dpop_nonce"));
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        String withNonce = TestDpopProofs.of("GET", url, clock.instant().getEpochSecond()).forToken(token)
                .with("nonce", nonce).sign();
        HttpResponse<String> second = call(url, "Authorization", "DPoP " + token, "DPoP", withNonce);
        assertEquals(200, second.statusCode(), second.body());
        assertTrue(second.headers().firstValue("DPoP-Nonce").isPresent(), "every DPoP answer carries a nonce");
        clock.advance(Duration.ofMinutes(3));
        String stale = TestDpopProofs.of("GET", url, clock.instant().getEpochSecond()).forToken(token)
                .with("nonce", nonce).sign();
        HttpResponse<String> later = call(url, "Authorization", "DPoP " + token, "DPoP", stale);
        assertEquals(401, later.statusCode(), "an old nonce is refused");
        assertTrue(challenge(later).contains("error=\"use_dpop_nonce\""), challenge(later));
    }
}
