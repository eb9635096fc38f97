package dev.oidchybrid.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser that knows just enough for a login against the development provider: cookies per origin, no
 * automatic redirects, the provider's login form and its auto-submitting form_post page. One instance is one
 * browser profile (its cookie jar); the HTTP client, with its kept-alive connections, can be shared by many.
 */
final class ScriptedBrowser {

    static final String HTML_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"");
    private static final Pattern FORM = Pattern.compile("<form[^>]*method=\"post\"[^>]*action=\"([^\"]*)\"");

    /** Where a login ended: the application's redirect after the callback, and its cookies. */
    record LoggedIn(String location, Map<String, String> cookies) {
    }

    /** The steps of a login, to time them: {@link #logIn(String, String, String, long[])} adds to each. */
    static final List<String> STEPS = List.of(
            "`GET /hello` → 302 (the filter starts the login: state cookie, authorization URL)",
            "`GET /authorize` → login page (provider)",
            "`POST /authorize` → form_post page (provider: password, SSO session, code, front-channel ID token signed)",
            "`POST /callback` → 303 (the filter: state cookie, front-channel ID token, token request, ID token, session)");

    /** An auto-submitting form: where it posts, and its fields. */
    record Form(String action, Map<String, String> fields) {
    }

    private final HttpClient http;
    private final Map<String, Map<String, String>> cookiesByOrigin = new HashMap<>();

    ScriptedBrowser(HttpClient http) {
        this.http = http;
    }

    /** An HTTP/1.1 client with kept-alive connections that never follows redirects. */
    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * A complete login: navigate to the protected {@code url} (302 to the provider), open the provider's login
     * page, sign in (the provider answers the form_post page with code and ID token), post that to the callback
     * (303 back to {@code url}).
     */
    LoggedIn logIn(String url, String username, String password) {
        return logIn(url, username, password, new long[STEPS.size()]);
    }

    /** {@link #logIn(String, String, String)}, adding the nanoseconds of each of the {@link #STEPS} to {@code steps}. */
    LoggedIn logIn(String url, String username, String password, long[] steps) {
        Form formPost = signIn(url, username, password, steps);
        long signedIn = System.nanoTime();
        HttpResponse<String> callback = post(formPost.action(), formPost.fields());
        expectStatus(callback, 303, "callback");
        steps[3] += System.nanoTime() - signedIn;
        return new LoggedIn(location(callback), cookies(origin(URI.create(url))));
    }

    /**
     * The first three steps of a login: navigate to the protected {@code url}, open the provider's login page, sign
     * in; returns the provider's form_post form, which the caller posts to the callback itself (to see its answer
     * whatever it is).
     */
    Form signIn(String url, String username, String password) {
        return signIn(url, username, password, new long[STEPS.size()]);
    }

    private Form signIn(String url, String username, String password, long[] steps) {
        long start = System.nanoTime();
        HttpResponse<String> toProvider = navigate(url);
        expectStatus(toProvider, 302, "navigation to " + url);
        String authorizeUrl = location(toProvider);
        long redirected = System.nanoTime();
        HttpResponse<String> loginPage = navigate(authorizeUrl);
        expectStatus(loginPage, 200, "login page");
        Map<String, String> fields = hiddenFields(loginPage.body());
        fields.put("username", username);
        fields.put("password", password);
        fields.put("action", "login");
        long shown = System.nanoTime();
        HttpResponse<String> formPostPage = post(URI.create(authorizeUrl).resolve(formAction(loginPage.body())).toString(),
                fields);
        expectStatus(formPostPage, 200, "login form submission");
        steps[0] += redirected - start;
        steps[1] += shown - redirected;
        steps[2] += System.nanoTime() - shown;
        return form(formPostPage.body());
    }

    /** A GET with the headers of a top-level navigation. */
    HttpResponse<String> navigate(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", HTML_ACCEPT)
                .header("Sec-Fetch-Mode", "navigate").GET());
    }

    /** A form POST, as a browser submits a form. */
    HttpResponse<String> post(String url, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", HTML_ACCEPT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(fields))));
    }

    /** The auto-submitting form of a page (the provider's form_post answer). */
    static Form form(String html) {
        return new Form(formAction(html), hiddenFields(html));
    }

    /** The cookies this browser holds for {@code origin} (scheme, host and port). */
    Map<String, String> cookies(String origin) {
        return Map.copyOf(cookiesByOrigin.getOrDefault(origin, Map.of()));
    }

    /** The {@code Cookie} request header value for {@code cookies}. */
    static String cookieHeader(Map<String, String> cookies) {
        StringJoiner header = new StringJoiner("; ");
        cookies.forEach((name, value) -> header.add(name + "=" + value));
        return header.toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        String origin = origin(request.uri());
        Map<String, String> jar = cookiesByOrigin.computeIfAbsent(origin, o -> new LinkedHashMap<>());
        if (!jar.isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("Cookie", cookieHeader(jar)).build();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            keep(jar, setCookie);
        }
        return response;
    }

    /** Stores or deletes one cookie; the attributes other than an expiring Max-Age are not needed here. */
    private static void keep(Map<String, String> jar, String setCookie) {
        int semicolon = setCookie.indexOf(';');
        String pair = semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        if (setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
            jar.remove(name);
        } else {
            jar.put(name, pair.substring(eq + 1).trim());
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location in the " + response.statusCode() + " answer"));
    }

    private static void expectStatus(HttpResponse<String> response, int status, String step) {
        if (response.statusCode() != status) {
            String body = response.body() == null ? "" : response.body();
            throw new IllegalStateException(step + ": expected " + status + ", got " + response.statusCode() + ": "
                    + body.substring(0, Math.min(400, body.length())));
        }
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    private static String formAction(String html) {
        Matcher m = FORM.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no POST form in the page");
        }
        return unescape(m.group(1));
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    static String formBody(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
