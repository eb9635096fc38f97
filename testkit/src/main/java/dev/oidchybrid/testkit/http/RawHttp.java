package dev.oidchybrid.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP/1.0 request sent over a plain socket with the request target exactly as given: no client library
 * normalises, encodes or refuses it, so dot segments, {@code ;} parameters, backslashes and broken escapes reach
 * the server as an attacker would send them ({@code curl --path-as-is}).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response: status code, headers as one block, and body. */
    public record Answer(int status, String headers, String body) {
    }

    /**
     * {@code GET rawTarget} to {@code host:port}.
     *
     * @param rawTarget the request target, sent byte for byte (ISO-8859-1)
     * @param headers   extra header lines, name to value
     */
    public static Answer get(String host, int port, String rawTarget, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(rawTarget).append(" HTTP/1.0\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            int status = statusLine.length > 1 && statusLine[1].matches("[0-9]{3}") ? Integer.parseInt(statusLine[1]) : -1;
            return new Answer(status, head, body);
        }
    }

    /** {@code GET} of {@code rawPath} (appended as-is to the base URL's path) on the base URL's host and port. */
    public static Answer get(URL base, String rawPath, Map<String, String> headers) throws IOException {
        String basePath = base.getPath().endsWith("/") ? base.getPath().substring(0, base.getPath().length() - 1)
                : base.getPath();
        int port = base.getPort() > 0 ? base.getPort() : base.getDefaultPort();
        return get(base.getHost(), port, basePath + rawPath, headers);
    }
}
