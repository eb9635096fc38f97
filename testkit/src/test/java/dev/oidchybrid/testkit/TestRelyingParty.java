package dev.oidchybrid.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relying party's back-channel logout endpoint on the JDK HTTP server: records every request on any path and
 * answers with a settable status (200 by default) and {@code Cache-Control: no-store}.
 */
final class TestRelyingParty implements AutoCloseable {

    /** One received request. */
    record Received(String method, String path, String contentType, Map<String, String> form) {

        String logoutToken() {
            return form.get("logout_token");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private TestRelyingParty(HttpServer server) {
        this.server = server;
    }

    static TestRelyingParty start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestRelyingParty rp = new TestRelyingParty(server);
            server.createContext("/", rp::handle);
            server.start();
            return rp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), OpClient.decodeForm(body)));
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** The URI of {@code path} at this relying party. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The requests received so far, oldest first. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests received so far on {@code path}. */
    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Answers every later request with {@code status}. */
    void answer(int status) {
        this.status = status;
    }

    /** Forgets the requests and answers 200 again. */
    void reset() {
        received.clear();
        status = 200;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
