package dev.oidchybrid.testkit.junit;

import dev.oidchybrid.testkit.http.BrowserCookies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP side of the kit's clients: a JDK {@link HttpClient} with a browser's cookie jar that never follows
 * redirects, and the headers a browser sends for a page navigation and for a script's {@code fetch()} (Fetch
 * Metadata, W3C). The filter answers an unauthenticated navigation with a redirect to the provider and anything
 * else with 401, deciding on exactly these headers.
 */
final class BrowserRequests {

    /** The {@code Accept} header of a browser's page navigation. */
    static final String HTML_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";
    /** A browser's page navigation: typed into the address bar or followed from a link. */
    static final String[] NAVIGATION = {"Accept", HTML_ACCEPT, "Sec-Fetch-Mode", "navigate",
            "Sec-Fetch-Dest", "document"};
    /** A script's {@code fetch()} of its own origin, with the browser's default {@code Accept}. */
    static final String[] FETCH = {"Accept", "*/*", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty",
            "Sec-Fetch-Site", "same-origin"};
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final BrowserCookies cookies = new BrowserCookies();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    BrowserCookies cookies() {
        return cookies;
    }

    HttpClient http() {
        return http;
    }

    /** A request to {@code url} with {@code defaults}, then {@code headers} (which replace defaults of the same name). */
    HttpRequest.Builder request(URI url, String[] defaults, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT);
        setHeaders(request, defaults);
        setHeaders(request, headers);
        return request;
    }

    /**
     * Sends {@code request}; the answer's body as text, redirects not followed.
     *
     * @throws UncheckedIOException  when the request fails
     * @throws IllegalStateException when the thread is interrupted (its interrupt flag stays set)
     */
    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    static void setHeaders(HttpRequest.Builder request, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in pairs: name, value, name, value, ...");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
    }

    static boolean isRedirect(HttpResponse<?> response) {
        int status = response.statusCode();
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
