package dev.oidchybrid.filter.internal.http;

import com.sun.net.httpserver.HttpServer;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.DiscoveryClient;
import dev.oidchybrid.filter.internal.token.JerseyTokenClient;
import jakarta.ws.rs.client.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider calls never follow a redirect: a token endpoint (or discovery, JWKS) answering 3xx to another origin
 * must not get the code, verifier or secret re-sent there.
 */
class ProviderClientsTest {

    private HttpServer provider;
    private HttpServer elsewhere;
    private final AtomicInteger elsewhereHits = new AtomicInteger();
    private Client client;
    private int status;

    @BeforeEach
    void start() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereHits.incrementAndGet();
            byte[] body = "{\"access_token\":\"stolen\",\"token_type\":\"Bearer\"}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        elsewhere.start();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort()
                    + "/collect?code=the-code");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        provider.start();
        client = ProviderClients.create(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        client.close();
        provider.stop(0);
        elsewhere.stop(0);
    }

    private String providerUrl(String path) {
        return "http://127.0.0.1:" + provider.getAddress().getPort() + path;
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void tokenRequestWhenEndpointRedirectsThenNotFollowedAndBadGatewayNamingOnlyTheOrigin(int redirect) {
        status = redirect;
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, providerUrl(""))
                .set(InitParam.CLIENT_ID, "client").set(InitParam.CLIENT_SECRET, "the-secret")
                .set(InitParam.CLIENT_AUTH, "client_secret_post").build();
        JerseyTokenClient tokens = new JerseyTokenClient(new ProviderHttp(client), config.client());
        OidcException e = assertThrows(OidcException.class,
                () -> tokens.redeemCode(providerUrl("/token"), "the-code", "https://app/callback", "verifier", null));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
        assertEquals(0, elsewhereHits.get(), "the redirect was followed");
        String origin = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        assertTrue(e.description().contains("redirecting to " + origin + " "), e.description());
        assertFalse(e.description().contains("the-code") || e.description().contains("collect"), e.description());
    }

    @Test
    void discoveryWhenRedirectedThenNotFollowed() {
        status = 302;
        OidcException e = assertThrows(OidcException.class, () -> new DiscoveryClient(new ProviderHttp(client)).discover(providerUrl("")));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, e.code());
        assertEquals(0, elsewhereHits.get());
        OidcException jwks = assertThrows(OidcException.class,
                () -> new DiscoveryClient(new ProviderHttp(client)).fetchJwks(providerUrl("/jwks")));
        assertEquals(ErrorCode.OP_BAD_RESPONSE, jwks.code());
        assertEquals(0, elsewhereHits.get());
    }

    @Test
    void originWhenLocationOddThenNamesNothingOfItsPathOrQuery() {
        assertEquals("https://x.example:8443", ProviderClients.origin("https://x.example:8443/a?code=1"));
        assertEquals("(a relative Location)", ProviderClients.origin("/a?code=1"));
        assertEquals("(no Location)", ProviderClients.origin(null));
        assertEquals("(an unreadable Location)", ProviderClients.origin("http://x y/\u0000"));
    }
}
