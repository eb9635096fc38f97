package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * A browser-and-client stand-in for tests: drives a {@link DevProvider} over real HTTP with the JDK client
 * (redirects never followed), remembering the SSO cookie like a browser would.
 */
final class OpClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private final DevProvider op;
    private String ssoCookie;

    OpClient(DevProvider op) {
        this.op = op;
    }

    String ssoCookie() {
        return ssoCookie;
    }

    void forgetCookies() {
        ssoCookie = null;
    }

    HttpResponse<String> get(String path) {
        return send(browser(URI.create(op.issuer() + path)).GET());
    }

    HttpResponse<String> get(String path, Map<String, String> query) {
        return send(browser(URI.create(op.issuer() + path + "?" + Params.encode(query))).GET());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = browser(URI.create(op.issuer() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Params.encode(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(this::remember);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder browser(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (ssoCookie != null) {
            builder.header("Cookie", SsoSessionStore.COOKIE + "=" + ssoCookie);
        }
        return builder;
    }

    private void remember(String setCookie) {
        String prefix = SsoSessionStore.COOKIE + "=";
        if (setCookie.startsWith(prefix)) {
            String value = setCookie.substring(prefix.length(), setCookie.indexOf(';'));
            ssoCookie = value.isEmpty() ? null : value;
        }
    }

    HttpResponse<String> authorize(AuthRequest request) {
        return get("/authorize", request.params);
    }

    /** Submits the login form of {@code loginPage}. */
    HttpResponse<String> submitLogin(HttpResponse<String> loginPage, String username, String password, String action) {
        assertEquals(200, loginPage.statusCode(), loginPage::body);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login_request", hiddenFields(loginPage.body()).get("login_request"));
        form.put("username", username);
        form.put("password", password);
        form.put("action", action);
        return postForm("/authorize", form);
    }

    /** Sends {@code request}, signs in as alice, and returns the authorization response parameters. */
    Map<String, String> signIn(AuthRequest request) {
        HttpResponse<String> page = authorize(request);
        assertTrue(page.body().contains("id=\"login\""), "expected the login page: " + page.body());
        return responseParams(submitLogin(page, "alice", "alice-password", "login"));
    }

    /** Signs in and exchanges the code, returning the token response. */
    Map<String, Object> signInAndExchange(AuthRequest request) {
        return signInAndExchangeAs(request, "alice", "alice-password");
    }

    /** Signs in as {@code username} and exchanges the code, returning the token response. */
    Map<String, Object> signInAndExchangeAs(AuthRequest request, String username, String password) {
        HttpResponse<String> page = authorize(request);
        assertTrue(page.body().contains("id=\"login\""), "expected the login page: " + page.body());
        Map<String, String> response = responseParams(submitLogin(page, username, password, "login"));
        assertNotNull(response.get("code"), response::toString);
        HttpResponse<String> tokens = exchangeCode(response.get("code"), request.redirectUri(), request.verifier);
        assertEquals(200, tokens.statusCode(), tokens::body);
        return json(tokens);
    }

    HttpResponse<String> exchangeCode(String code, String redirectUri, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        return tokenRequest(form);
    }

    HttpResponse<String> refresh(String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) {
            form.put("scope", scope);
        }
        return tokenRequest(form);
    }

    /** A token request authenticated as the demo client with client_secret_basic. */
    HttpResponse<String> tokenRequest(Map<String, String> form) {
        return postForm("/token", form, "Authorization", basic(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET));
    }

    HttpResponse<String> userinfo(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(op.issuer() + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    /** The HTTP Basic header value of RFC 6749 2.3.1: form-urlencode each part, then base64. */
    static String basic(String clientId, String secret) {
        String joined = Params.encode(Map.of("a", clientId)).substring(2) + ":"
                + Params.encode(Map.of("a", secret)).substring(2);
        return "Basic " + Base64.getEncoder().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** The parameters of an authorization response: 302 query or fragment, or a form_post page. */
    static Map<String, String> responseParams(HttpResponse<String> response) {
        if (response.statusCode() == 302) {
            URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
            String raw = location.getRawFragment() != null ? location.getRawFragment() : location.getRawQuery();
            return decodeForm(raw);
        }
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().contains("<form method=\"post\""), "expected a form_post page: " + response.body());
        return hiddenFields(response.body());
    }

    /** Where a response sends the browser: the Location without query and fragment, or the form action. */
    static String responseTarget(HttpResponse<String> response) {
        if (response.statusCode() == 302) {
            String location = response.headers().firstValue("Location").orElseThrow();
            return location.replaceAll("[?#].*$", "");
        }
        Matcher matcher = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\">").matcher(response.body());
        assertTrue(matcher.find(), response.body());
        return unescape(matcher.group(1));
    }

    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            fields.put(unescape(matcher.group(1)), unescape(matcher.group(2)));
        }
        return fields;
    }

    static Map<String, String> decodeForm(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JsonUtil.parseJson(response.body());
        } catch (JoseException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
