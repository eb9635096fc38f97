package dev.oidchybrid.filter.internal.web;

import com.sun.net.httpserver.HttpServer;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestKeys;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * A provider just big enough for bearer mode: discovery and a JWKS of {@link TestKeys#RSA} on loopback, and
 * access tokens ({@code at+jwt}, signed with that key) bound to a DPoP key by {@code cnf.jkt}, or unbound. For
 * DPoP tests until the test kit mints bound tokens itself.
 */
final class BoundTokenIssuer implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final Clock clock;

    BoundTokenIssuer(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/op";
        serve("/op/.well-known/openid-configuration", "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\""
                + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer
                + "/jwks\",\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        serve("/op/jwks", TestKeys.jwks(TestKeys.RSA));
        server.start();
    }

    private void serve(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** The settings of a filter that trusts this issuer. */
    Map<String, String> environment() {
        return Map.of("OIDC_ISSUER", issuer);
    }

    /** An access token for {@code audience} with {@code scope}, bound to the key of thumbprint {@code jkt} (or unbound with null). */
    String accessToken(String audience, String scope, String jkt) {
        TestIdTokens token = TestIdTokens.at(clock.instant().getEpochSecond()).typ("at+jwt").without("nonce")
                .without("auth_time").with("iss", issuer).with("aud", audience).with("scope", scope)
                .with("client_id", TestIdTokens.CLIENT_ID);
        if (jkt != null) {
            token.with("cnf", Map.of("jkt", jkt));
        }
        String raw = token.build();
        LogSafety.secret(raw);
        return raw;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
