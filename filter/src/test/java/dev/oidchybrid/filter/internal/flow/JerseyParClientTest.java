package dev.oidchybrid.filter.internal.flow;

import com.sun.net.httpserver.HttpServer;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.token.ClientAuthentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The push on the wire (RFC 9126 §2.1): a form POST authenticated as the token request is, and its answer. */
class JerseyParClientTest {

    private HttpServer server;
    private ProviderHttp http;
    private String endpoint;
    private final List<String> forms = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private int status = 201;
    private String answer = "{\"request_uri\":\"urn:ietf:params:oauth:request_uri:abc\",\"expires_in\":60}";
    private long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/par", exchange -> {
            forms.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/par";
        http = ProviderHttp.open(Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private static OidcConfig.Builder config() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com/").set(InitParam.CLIENT_ID, "client-1")
                .set(InitParam.CLIENT_SECRET, "s3cret");
    }

    private JerseyParClient parClient(OidcConfig config) {
        return new JerseyParClient(http, ClientAuthentication.withSecret(config.client()), "https://op.example.com/");
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            params.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static Map<String, String> authorizationParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "client-1");
        params.put("state", "the-state");
        params.put("code_challenge", "the-challenge");
        return params;
    }

    @Test
    void pushWhenClientSecretBasicThenBasicHeaderAndEveryParameterOnce() {
        PushedAuthorizationResponse pushed = parClient(config().build()).push(endpoint, authorizationParams());
        assertEquals("urn:ietf:params:oauth:request_uri:abc", pushed.requestUri());
        assertEquals(Optional.of(60L), pushed.expiresInSeconds());
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("client-1:s3cret".getBytes()),
                authorizations.get(0));
        Map<String, List<String>> form = form(forms.get(0));
        assertEquals(Map.of("response_type", List.of("code"), "client_id", List.of("client-1"),
                "state", List.of("the-state"), "code_challenge", List.of("the-challenge")), form);
    }

    @Test
    void pushWhenClientSecretPostThenSecretInTheFormAndClientIdOnce() {
        parClient(config().set(InitParam.CLIENT_AUTH, "client_secret_post").build()).push(endpoint,
                authorizationParams());
        Map<String, List<String>> form = form(forms.get(0));
        assertEquals(List.of("client-1"), form.get("client_id"));
        assertEquals(List.of("s3cret"), form.get("client_secret"));
        assertEquals(null, authorizations.get(0));
    }

    @Test
    void pushWhenProviderRefusesThenParRefused() {
        status = 400;
        answer = "{\"error\":\"invalid_request\"}";
        OidcException e = assertThrows(OidcException.class,
                () -> parClient(config().build()).push(endpoint, authorizationParams()));
        assertEquals(ErrorCode.PAR_REFUSED, e.code());
    }

    @Test
    void pushWhenProviderTooSlowThenTimeout() {
        delayMillis = 1500;
        OidcException e = assertThrows(OidcException.class,
                () -> parClient(config().build()).push(endpoint, authorizationParams()));
        assertEquals(ErrorCode.OP_TIMEOUT, e.code());
    }

    @Test
    void pushWhenProviderDownThenUnavailable() {
        server.stop(0);
        OidcException e = assertThrows(OidcException.class,
                () -> parClient(config().build()).push(endpoint, authorizationParams()));
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        assertTrue(e.description().contains("pushed authorization request"), e.description());
    }
}
