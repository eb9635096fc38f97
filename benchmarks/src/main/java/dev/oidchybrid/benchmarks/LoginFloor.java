package dev.oidchybrid.benchmarks;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a login cannot do without, measured in the runner's JVM back to back, as {@link LoginRun} compares the
 * filter's time with it: always the two RS256 signature checks of the provider's ID tokens (jose4j, the provider's
 * key from its JWKS) and the round trips to the provider over loopback with the JDK HTTP client, which each kind of
 * login adds to ({@link SecretLoginFloor}, {@link HighSecurityLoginFloor}). A probe's token request is a refresh
 * grant: it costs the provider the same two signatures and the same client authentication as the filter's code
 * exchange, and needs no single-use code, so the floor runs back to back with no browser round trip in between
 * and issues no codes.
 */
abstract class LoginFloor implements AutoCloseable {

    static final SecureRandom RANDOM = new SecureRandom();

    final AppUnderTest app;
    final HttpClient http;
    private final PublicKey providerKey;
    private long verifyNanos;
    private long verifications;

    LoginFloor(AppUnderTest app, HttpClient http) throws Exception {
        this.app = app;
        this.http = http;
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create(app.provider.issuer() + "/jwks"))
                .build(), HttpResponse.BodyHandlers.ofString());
        List<JsonWebKey> keys = new JsonWebKeySet(jwks.body()).getJsonWebKeys();
        this.providerKey = ((PublicJsonWebKey) keys.get(0)).getPublicKey();
    }

    /** Probes for {@code seconds} of timed work; returns the count and the timed nanoseconds. */
    abstract LoginRun.Round probe(int seconds) throws Exception;

    /** What one probe is, for the report's figure name, e.g. "2 RS256 checks + 1 loopback token request". */
    abstract String contents();

    /** The median probe's {@code millis} with its parts, for the report's floor figure. */
    abstract String summary(double millis);

    /** The floor's parts as rows {@code | part | ms |} of the report's details. */
    abstract List<String> partRows();

    /** Measurements made beside the probes in each round, for comparison only (not part of the floor). */
    void alongside(int seconds) throws Exception {
    }

    /** Forgets the parts' times measured so far (after the warm-up). */
    void reset() {
        verifyNanos = 0;
        verifications = 0;
    }

    @Override
    public void close() {
    }

    double verifyMicros() {
        return verifyNanos / 1e3 / verifications;
    }

    /** One RS256 check of an ID token of the provider; returns its nanoseconds, which the floor's parts add up. */
    final long verify(String jwt) throws JoseException {
        long start = System.nanoTime();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        jws.setKey(providerKey);
        if (!jws.verifySignature()) {
            throw new IllegalStateException("floor: an ID token of the provider did not verify");
        }
        long took = System.nanoTime() - start;
        verifyNanos += took;
        verifications++;
        return took;
    }

    /**
     * Signs in at the provider's authorization endpoint {@code authorizeUrl} in a fresh browser (login page, then
     * the credentials) and returns the fields of the form_post answer, with {@code code} and {@code id_token}.
     */
    final Map<String, String> signIn(String authorizeUrl) {
        ScriptedBrowser browser = new ScriptedBrowser(http);
        HttpResponse<String> loginPage = browser.navigate(authorizeUrl);
        Map<String, String> fields = new LinkedHashMap<>(ScriptedBrowser.form(loginPage.body()).fields());
        fields.put("username", AppUnderTest.USERNAME);
        fields.put("password", AppUnderTest.PASSWORD);
        fields.put("action", "login");
        HttpResponse<String> formPost = browser.post(app.provider.issuer() + "/authorize", fields);
        Map<String, String> answer = ScriptedBrowser.form(formPost.body()).fields();
        if (!answer.containsKey("code") || !answer.containsKey("id_token")) {
            throw new IllegalStateException("floor: sign-in at the provider failed: " + formPost.statusCode());
        }
        return answer;
    }

    /**
     * The authorization request's parameters as the filter makes them (hybrid flow, form_post, the filter's scope
     * and audience, fresh state and nonce, the S256 challenge of {@code verifier}).
     */
    final Map<String, String> authorizationParams(String clientId, String verifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code id_token");
        params.put("response_mode", "form_post");
        params.put("client_id", clientId);
        params.put("redirect_uri", app.callbackUrl());
        params.put("scope", AppUnderTest.SCOPE);
        params.put("state", random());
        params.put("nonce", random());
        params.put("code_challenge", s256(verifier));
        params.put("code_challenge_method", "S256");
        params.put("audience", AppUnderTest.AUDIENCE);
        return params;
    }

    /** A form POST to the provider's {@code url} with {@code headers} (name, value, ...). */
    final HttpResponse<String> postForm(String url, Map<String, String> form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(ScriptedBrowser.formBody(form))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** 256 random bits, base64url (as the filter's state, nonce, PKCE verifier and {@code jti}s). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
