package dev.oidchybrid.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JDK {@link com.sun.net.httpserver.HttpServer} handler: the only place that touches an
 * {@link HttpExchange}. It routes exact paths to {@link Endpoint}s, turns the exchange into a {@link Request},
 * writes the {@link Response}, answers 404 for unknown paths, and never lets an exception escape: a failing
 * endpoint yields a 500 without details (the cause goes to the {@code dev.oidchybrid.testkit} logger).
 */
final class HttpRouter implements HttpHandler {

    /** Largest request body read, in bytes; larger bodies get 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.testkit");

    /** An endpoint and whether its errors are JSON (OAuth endpoints) or HTML pages (browser endpoints). */
    private record Route(Endpoint endpoint, boolean json) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();

    /** Routes {@code path} (exact match) to an endpoint whose errors are JSON. */
    HttpRouter json(String path, Endpoint endpoint) {
        routes.put(path, new Route(endpoint, true));
        return this;
    }

    /** Routes {@code path} (exact match) to an endpoint whose errors are HTML pages. */
    HttpRouter html(String path, Endpoint endpoint) {
        routes.put(path, new Route(endpoint, false));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            Response response = respond(exchange);
            write(exchange, response);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "client went away", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the response", e);
        }
    }

    private Response respond(HttpExchange exchange) {
        Route route = routes.get(exchange.getRequestURI().getPath());
        if (route == null) {
            return Response.html(404, HtmlPages.error("Not found", "There is nothing at this address."));
        }
        try {
            return route.endpoint().handle(toRequest(exchange));
        } catch (BadRequestException e) {
            return route.json()
                    ? Response.json(e.status(), Map.of("error", "invalid_request", "error_description", e.getMessage()))
                    : Response.html(e.status(), HtmlPages.error("Bad request", e.getMessage()));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            // Includes AssertionError from a test's fault customizer: the client still gets an answer.
            LOG.log(Level.WARNING, "endpoint " + exchange.getRequestURI().getPath() + " failed", e);
            return route.json()
                    ? Response.json(500, Map.of("error", "server_error"))
                    : Response.html(500, HtmlPages.error("Server error", "The provider failed to handle the request."));
        }
    }

    private static Request toRequest(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Params query = Params.parse(exchange.getRequestURI().getRawQuery());
        byte[] body = readBody(exchange.getRequestBody());
        Request bare = new Request(method, exchange.getRequestURI().getPath(), query, Params.EMPTY, Map.copyOf(headers));
        Params form = "application/x-www-form-urlencoded".equals(bare.mediaType())
                ? Params.parse(new String(body, StandardCharsets.UTF_8))
                : Params.EMPTY;
        return new Request(method, bare.path(), query, form, bare.headers());
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw new BadRequestException(413, "request body too large");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        for (Response.Header header : response.headers()) {
            exchange.getResponseHeaders().add(header.name(), header.value());
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
