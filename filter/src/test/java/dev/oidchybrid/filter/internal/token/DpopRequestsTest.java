package dev.oidchybrid.filter.internal.token;

import com.sun.net.httpserver.HttpServer;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.DpopSettings;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token and UserInfo requests of a DPoP session against a scripted server: a proof on every request, the
 * server's nonce taken and retried once only, the Bearer downgrade refused, the DPoP scheme for UserInfo.
 */
class DpopRequestsTest {

    /** One scripted answer: status, headers, body. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    /** What one request carried. */
    private record Seen(String authorization, String dpop) {
    }

    private HttpServer server;
    private ProviderHttp http;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            synchronized (seen) {
                seen.add(new Seen(exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("DPoP")));
            }
            Answer answer = script.size() > 1 ? script.poll() : script.peek();
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        http = ProviderHttp.open(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Dpop dpop(DpopSettings.Mode mode) {
        return new Dpop(new DpopSettings(mode, "ES256"), new DpopNonceMemory(), Clock.systemUTC(), random);
    }

    private JerseyTokenClient tokens(Dpop dpop) {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, url("")).set(InitParam.CLIENT_ID, "client")
                .build();
        return new JerseyTokenClient(http, ClientAuthentication.withSecret(config.client()), url(""), dpop);
    }

    private static String tokenAnswer(String type) {
        return "{\"access_token\":\"at-1\",\"token_type\":\"" + type + "\",\"expires_in\":300,\"id_token\":\"x.y.z\"}";
    }

    private static final Answer NONCE_PLEASE = new Answer(400, Map.of("DPoP-Nonce", "n-1"),
            "{\"error\":\"use_dpop_nonce\",\"error_description\":\"nonce required\"}");

    private static JwtClaims claims(String proof) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(proof);
        return JwtClaims.parse(jws.getUnverifiedPayload());
    }

    @Test
    void redeemCodeWhenServerAsksForANonceThenRetriedOnceWithItAndTheBoundTokenTaken() throws Exception {
        script.add(NONCE_PLEASE);
        script.add(new Answer(200, Map.of("DPoP-Nonce", "n-2"), tokenAnswer("DPoP")));
        Dpop dpop = dpop(DpopSettings.Mode.REQUIRED);
        DpopKey key = dpop.newKey().orElseThrow();
        TokenResponse response = tokens(dpop).redeemCode(url("/token"), "code", "https://app/cb", "verifier", key);
        assertEquals("DPoP", response.tokenType());
        assertEquals(2, seen.size());
        assertTrue(!claims(seen.get(0).dpop()).hasClaim("nonce"), "no nonce known at first");
        assertEquals("n-1", claims(seen.get(1).dpop()).getStringClaimValue("nonce"));
        assertEquals(url("/token"), claims(seen.get(1).dpop()).getStringClaimValue("htu"));
        // the nonce of the last answer is what the next proof to that server carries
        script.clear();
        script.add(new Answer(200, Map.of(), tokenAnswer("DPoP")));
        tokens(dpop).refresh(url("/token"), "rt", null, key);
        assertEquals("n-2", claims(seen.get(2).dpop()).getStringClaimValue("nonce"));
    }

    @Test
    void redeemCodeWhenServerKeepsAskingForNoncesThenOneRetryOnlyAndTheErrorStands() {
        script.add(NONCE_PLEASE);
        Dpop dpop = dpop(DpopSettings.Mode.REQUIRED);
        OidcException e = assertThrows(OidcException.class, () -> tokens(dpop).redeemCode(url("/token"), "code",
                "https://app/cb", "v", dpop.newKey().orElseThrow()));
        assertEquals(ErrorCode.OP_ERROR, e.code());
        assertEquals(2, seen.size(), "the retry loop is bounded");
    }

    @Test
    void redeemCodeWhenNonceErrorCarriesNoNonceThenNoRetry() {
        script.add(new Answer(400, Map.of(), "{\"error\":\"use_dpop_nonce\"}"));
        Dpop dpop = dpop(DpopSettings.Mode.REQUIRED);
        assertThrows(OidcException.class, () -> tokens(dpop).redeemCode(url("/token"), "code", "https://app/cb",
                "v", dpop.newKey().orElseThrow()));
        assertEquals(1, seen.size());
    }

    @Test
    void redeemCodeWhenProofSentButBearerAnsweredThenRefusedAsADowngrade() {
        script.add(new Answer(200, Map.of(), tokenAnswer("Bearer")));
        Dpop dpop = dpop(DpopSettings.Mode.REQUIRED);
        OidcException e = assertThrows(OidcException.class, () -> tokens(dpop).redeemCode(url("/token"), "code",
                "https://app/cb", "v", dpop.newKey().orElseThrow()));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
        assertTrue(e.description().contains("downgrade"));
    }

    @Test
    void redeemCodeWhenOptionalAndBearerAnsweredThenTaken() {
        script.add(new Answer(200, Map.of(), tokenAnswer("bearer")));
        Dpop dpop = dpop(DpopSettings.Mode.OPTIONAL);
        assertEquals("Bearer", tokens(dpop).redeemCode(url("/token"), "code", "https://app/cb", "v",
                dpop.newKey().orElseThrow()).tokenType());
    }

    @Test
    void redeemCodeWhenNoDpopThenNoProofAndABoundAnswerRefused() {
        script.add(new Answer(200, Map.of(), tokenAnswer("DPoP")));
        OidcException e = assertThrows(OidcException.class, () -> tokens(null).redeemCode(url("/token"), "code",
                "https://app/cb", "v", null));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
        assertNull(seen.get(0).dpop());
    }

    @Test
    void userInfoWhenBoundThenDpopSchemeWithAthAndANonceRetry() throws Exception {
        script.add(new Answer(401, Map.of("DPoP-Nonce", "u-1",
                "WWW-Authenticate", "DPoP error=\"use_dpop_nonce\", error_description=\"nonce\""), "{}"));
        script.add(new Answer(200, Map.of(), "{\"sub\":\"alice\",\"email\":\"a@example.com\"}"));
        Dpop dpop = dpop(DpopSettings.Mode.REQUIRED);
        DpopKey key = dpop.newKey().orElseThrow();
        Map<String, Object> merged = new UserInfoClient(http, dpop).merged(url("/userinfo"), "at-1", key,
                Map.of("sub", "alice"));
        assertEquals("a@example.com", merged.get("email"));
        assertEquals(2, seen.size());
        assertEquals("DPoP at-1", seen.get(1).authorization());
        JwtClaims proof = claims(seen.get(1).dpop());
        assertEquals("GET", proof.getStringClaimValue("htm"));
        assertEquals("u-1", proof.getStringClaimValue("nonce"));
        assertEquals(DpopKey.hash("at-1"), proof.getStringClaimValue("ath"));
    }

    @Test
    void userInfoWhenBearerThenBearerSchemeAndNoProof() {
        script.add(new Answer(200, Map.of(), "{\"sub\":\"alice\"}"));
        new UserInfoClient(http, dpop(DpopSettings.Mode.REQUIRED)).merged(url("/userinfo"), "at-1", null,
                Map.of("sub", "alice"));
        assertEquals("Bearer at-1", seen.get(0).authorization());
        assertNull(seen.get(0).dpop());
    }
}
