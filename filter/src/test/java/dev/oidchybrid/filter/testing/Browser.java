package dev.oidchybrid.filter.testing;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted browser for in-process tests: keeps cookies, never follows redirects by itself, and knows the
 * development provider's login page and form_post page, so a test can walk a login step by step.
 */
public final class Browser {

    public static final String HTML_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"");
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*method=\"post\"[^>]*action=\"([^\"]*)\"");

    private final dev.oidchybrid.testkit.http.BrowserCookies cookies = new dev.oidchybrid.testkit.http.BrowserCookies();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** A top-level navigation the user started (a typed URL or bookmark: {@code Sec-Fetch-Site: none}). */
    public HttpResponse<String> navigate(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", HTML_ACCEPT)
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Site", "none").GET());
    }

    /** A GET with the given headers (for fetch/XHR-like requests). */
    public HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    public HttpResponse<String> postForm(String url, Map<String, String> fields) {
        return postRaw(url, "application/x-www-form-urlencoded", formBody(fields));
    }

    /** A POST with the given body and headers (a page's form submission, a script's fetch, a frame's form). */
    public HttpResponse<String> post(String url, String contentType, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    public HttpResponse<String> postRaw(String url, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .header("Accept", HTML_ACCEPT).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * From the 302 to the provider: opens the login page, signs in (unless the provider's single sign-on
     * session answers at once), and returns the form_post page the provider answers (not yet submitted).
     */
    public FormPost signInAtProvider(HttpResponse<String> redirectToProvider, String username, String password) {
        String authorizeUrl = location(redirectToProvider);
        HttpResponse<String> loginPage = navigate(authorizeUrl);
        if (!loginPage.body().contains("id=\"login\"")) {
            return new FormPost(formAction(loginPage.body()), hiddenFields(loginPage.body()));
        }
        Map<String, String> fields = hiddenFields(loginPage.body());
        fields.put("username", username);
        fields.put("password", password);
        fields.put("action", "login");
        String loginAction = URI.create(authorizeUrl).resolve(formAction(loginPage.body())).toString();
        HttpResponse<String> formPostPage = postForm(loginAction, fields);
        return new FormPost(formAction(formPostPage.body()), hiddenFields(formPostPage.body()));
    }

    /** The auto-submitting form the provider answers with: where it posts and what. */
    public record FormPost(String action, Map<String, String> fields) {
    }

    public HttpResponse<String> submit(FormPost form) {
        return postForm(form.action(), form.fields());
    }

    /** Drops a cookie, as a browser that refuses to store it would. */
    public void forget(String cookieName) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(cookieName)).toList()
                .forEach(c -> cookies.getCookieStore().remove(null, c));
    }

    /** Stores a cookie as if {@code url} had set it (e.g. a copy taken earlier). */
    public void putCookie(String url, HttpCookie cookie) {
        cookies.getCookieStore().add(URI.create(url), cookie);
    }

    public List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    /** Every value a log must never show: cookie values, form_post fields, protocol parameters in redirects. */
    private static void rememberSecrets(HttpResponse<String> response) {
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            int eq = setCookie.indexOf('=');
            int end = setCookie.indexOf(';');
            if (eq > 0) {
                LogSafety.secret(setCookie.substring(eq + 1, end < 0 ? setCookie.length() : end));
            }
        }
        response.headers().firstValue("Location").ifPresent(location -> {
            int query = location.indexOf('?');
            if (query >= 0) {
                for (String pair : location.substring(query + 1).split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (kv.length == 2 && SECRET_PARAMS.contains(kv[0])) {
                        LogSafety.secret(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                    }
                }
            }
        });
        String body = response.body();
        if (body != null && body.contains("type=\"hidden\"")) {
            hiddenFields(body).forEach((name, value) -> {
                if (SECRET_PARAMS.contains(name)) {
                    LogSafety.secret(value);
                }
            });
        }
    }

    private static final java.util.Set<String> SECRET_PARAMS = java.util.Set.of("state", "nonce", "code",
            "code_challenge", "id_token", "access_token", "refresh_token", "id_token_hint", "login_request", "request_uri");

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location in " + response.statusCode() + " answer"));
    }

    public static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    private static String formAction(String html) {
        Matcher m = FORM_ACTION.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no POST form in page: " + html);
        }
        return unescape(m.group(1));
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#x2F;", "/").replace("&#47;", "/").replace("&amp;", "&");
    }

    public static String formBody(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            rememberSecrets(response);
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
