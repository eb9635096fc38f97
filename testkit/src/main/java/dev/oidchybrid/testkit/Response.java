package dev.oidchybrid.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/**
 * An HTTP response produced by an endpoint: a value the router writes to the exchange.
 *
 * @param status  the HTTP status
 * @param headers headers in order (a name may repeat, e.g. Set-Cookie)
 * @param body    the body, empty for none
 */
record Response(int status, List<Header> headers, byte[] body) {

    /** One response header. */
    record Header(String name, String value) {
    }

    Response {
        headers = List.copyOf(headers);
    }

    /** A JSON response (Content-Type application/json). */
    static Response json(int status, Map<String, ?> json) {
        return json(status, JsonUtil.toJson(json));
    }

    /** A JSON response from JSON text. */
    static Response json(int status, String json) {
        return new Response(status, List.of(new Header("Content-Type", "application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** An HTML page that is never cached and never framed. */
    static Response html(int status, String html) {
        return new Response(status, List.of(
                new Header("Content-Type", "text/html; charset=utf-8"),
                new Header("Cache-Control", "no-store"),
                new Header("X-Frame-Options", "DENY"),
                new Header("Content-Security-Policy", "frame-ancestors 'none'"),
                new Header("Referrer-Policy", "no-referrer")),
                html.getBytes(StandardCharsets.UTF_8));
    }

    /** A 302 redirect that is never cached (the location may carry a code or tokens). */
    static Response redirect(String location) {
        return new Response(302, List.of(
                new Header("Location", location),
                new Header("Cache-Control", "no-store"),
                new Header("Referrer-Policy", "no-referrer")), new byte[0]);
    }

    /** This response with one more header. */
    Response withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new Response(status, more, body);
    }

    /** The first value of a header, or null. */
    String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                .orElse(null);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
