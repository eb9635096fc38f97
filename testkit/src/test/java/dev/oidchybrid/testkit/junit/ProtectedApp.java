package dev.oidchybrid.testkit.junit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The smallest relying party that behaves like an application behind the filter, for the kit's own tests (the
 * filter module cannot be a dependency here: it depends on the testkit). It reads its settings from the system
 * properties {@code oidc.issuer}, {@code oidc.client-id} and {@code oidc.client-secret} when it starts, as the
 * filter does; its roles claim is its own configuration, which {@code oidc.roles-claim} overrides when set (as it
 * overrides the filter's web.xml). It logs users in with the code flow, {@code response_mode=form_post}, PKCE
 * and a signed ID token checked with jose4j (signature from the JWKS, issuer, audience, expiry, nonce).
 *
 * <p>Paths: {@code /public} (no login), {@code /whoami} (the ID token's claims as JSON), {@code /admin} (403
 * without the role {@code admin}), {@code /echo} (a POST answered with its form body), {@code /headers} (the
 * request's {@code Accept}, {@code Sec-Fetch-Mode} and {@code X-Test} headers), {@code /public/headers} (no login:
 * {@code Accept}, {@code Sec-Fetch-Mode}, {@code Sec-Fetch-Dest}, {@code Sec-Fetch-Site}), {@code /callback}. An
 * unauthenticated page navigation is redirected to the provider; any other request gets 401.
 */
final class ProtectedApp implements AutoCloseable {

    private static final String SESSION_COOKIE = "app_session";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record PendingLogin(String nonce, String verifier, String redirectUri, String returnPath) {
    }

    private final HttpServer server;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String rolesClaim;
    private final Map<String, Object> metadata;
    private final JwtConsumer idTokens;
    private final Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
    private final Map<String, JwtClaims> sessions = new ConcurrentHashMap<>();
    private volatile Number lastExpiresIn;

    private ProtectedApp(HttpServer server, String rolesClaim) {
        this.server = server;
        this.issuer = required("oidc.issuer");
        this.clientId = required("oidc.client-id");
        this.clientSecret = required("oidc.client-secret");
        this.rolesClaim = System.getProperty("oidc.roles-claim", rolesClaim);
        this.metadata = json(fetch(issuer + "/.well-known/openid-configuration"));
        this.idTokens = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                        new HttpsJwks((String) metadata.get("jwks_uri"))))
                .setExpectedIssuer(issuer)
                .setExpectedAudience(clientId)
                .setRequireExpirationTime()
                .setRequireSubject()
                .build();
    }

    /**
     * Starts the app on 127.0.0.1 with the settings the system properties hold now, reading roles from
     * {@link dev.oidchybrid.testkit.DevProvider#ROLES_CLAIM}.
     */
    static ProtectedApp start() {
        return start(dev.oidchybrid.testkit.DevProvider.ROLES_CLAIM);
    }

    /** {@link #start()} with roles read from {@code rolesClaim} (unless {@code oidc.roles-claim} says otherwise). */
    static ProtectedApp start(String rolesClaim) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ProtectedApp app = new ProtectedApp(server, rolesClaim);
            server.createContext("/", app::handle);
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The absolute URL of {@code path}. */
    String url(String path) {
        return url("127.0.0.1", path);
    }

    /** The absolute URL of {@code path} with another host name for 127.0.0.1, e.g. {@code localhost}. */
    String url(String host, String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    /** The access token's {@code expires_in} of the last token response. */
    Number lastExpiresIn() {
        return lastExpiresIn;
    }

    /** The issuer this app was started with. */
    String issuer() {
        return issuer;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/public")) {
                send(exchange, 200, "text/plain", "hello anonymous");
            } else if (path.equals("/public/headers")) {
                send(exchange, 200, "text/plain", String.join(" | ", String.valueOf(header(exchange, "Accept")),
                        String.valueOf(header(exchange, "Sec-Fetch-Mode")),
                        String.valueOf(header(exchange, "Sec-Fetch-Dest")),
                        String.valueOf(header(exchange, "Sec-Fetch-Site"))));
            } else if (path.equals("/callback") && exchange.getRequestMethod().equals("POST")) {
                callback(exchange);
            } else {
                JwtClaims session = sessions.get(cookie(exchange, SESSION_COOKIE));
                if (session == null) {
                    startLogin(exchange);
                } else {
                    page(exchange, path, session);
                }
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", e.toString());
        }
    }

    private void page(HttpExchange exchange, String path, JwtClaims session) throws IOException {
        switch (path) {
            case "/whoami" -> send(exchange, 200, "application/json", session.toJson());
            case "/admin" -> {
                Object roles = session.getClaimValue(rolesClaim);
                boolean admin = roles instanceof List<?> list && list.contains("admin");
                send(exchange, admin ? 200 : 403, "text/plain", (admin ? "admin page for " : "forbidden for ")
                        + session.getClaimValue("sub"));
            }
            case "/echo" -> send(exchange, 200, "text/plain",
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            case "/headers" -> send(exchange, 200, "text/plain", exchange.getRequestHeaders().getFirst("Accept")
                    + " | " + exchange.getRequestHeaders().getFirst("Sec-Fetch-Mode")
                    + " | " + exchange.getRequestHeaders().getFirst("X-Test"));
            default -> send(exchange, 404, "text/plain", "not found");
        }
    }

    private void startLogin(HttpExchange exchange) throws IOException {
        String mode = exchange.getRequestHeaders().getFirst("Sec-Fetch-Mode");
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean navigation = mode == null ? accept == null || accept.contains("text/html") : mode.equals("navigate");
        if (!navigation) {
            send(exchange, 401, "text/plain", "log in first");
            return;
        }
        String state = random();
        String redirectUri = "http://" + exchange.getRequestHeaders().getFirst("Host") + "/callback";
        PendingLogin login = new PendingLogin(random(), random(), redirectUri, exchange.getRequestURI().toString());
        pending.put(state, login);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("response_mode", "form_post");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile email");
        query.put("state", state);
        query.put("nonce", login.nonce());
        query.put("code_challenge", challenge(login.verifier()));
        query.put("code_challenge_method", "S256");
        exchange.getResponseHeaders().add("Location", metadata.get("authorization_endpoint") + "?" + form(query));
        exchange.sendResponseHeaders(302, -1);
    }

    private void callback(HttpExchange exchange) throws IOException {
        Map<String, String> params = parseForm(new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        PendingLogin login = params.get("state") == null ? null : pending.remove(params.get("state"));
        if (login == null || params.get("code") == null) {
            send(exchange, 400, "text/plain", "bad callback: " + params.getOrDefault("error", "no code or state"));
            return;
        }
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put("grant_type", "authorization_code");
        grant.put("code", params.get("code"));
        grant.put("redirect_uri", login.redirectUri());
        grant.put("code_verifier", login.verifier());
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create((String) metadata.get("token_endpoint")))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(grant))).build());
        if (answer.statusCode() != 200) {
            send(exchange, 502, "text/plain", "token endpoint answered " + answer.statusCode());
            return;
        }
        Map<String, Object> tokens = json(answer.body());
        lastExpiresIn = (Number) tokens.get("expires_in");
        JwtClaims claims;
        try {
            claims = idTokens.processToClaims((String) tokens.get("id_token"));
        } catch (InvalidJwtException e) {
            send(exchange, 401, "text/plain", "invalid ID token");
            return;
        }
        if (!login.nonce().equals(claims.getClaimValue("nonce"))) {
            send(exchange, 401, "text/plain", "wrong nonce");
            return;
        }
        String session = random();
        sessions.put(session, claims);
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + session + "; Path=/; HttpOnly");
        exchange.getResponseHeaders().add("Location", login.returnPath());
        exchange.sendResponseHeaders(302, -1);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " not set");
        }
        return value;
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return kv[1];
                }
            }
        }
        return "";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String fetch(String url) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url)).build());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> json(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
