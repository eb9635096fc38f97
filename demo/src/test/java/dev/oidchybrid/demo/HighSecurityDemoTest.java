package dev.oidchybrid.demo;

import dev.oidchybrid.testkit.DevProvider;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's {@code OIDC_PROFILE=fapi2} / {@code private_key_jwt} set-up against the development provider. */
class HighSecurityDemoTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HighSecurityDemo of(Map<String, String> settings) {
        return HighSecurityDemo.of(settings::get);
    }

    @Test
    void ofWhenNeitherTheProfileNorPrivateKeyJwtThenTheOrdinarySecretClient() {
        assertNull(of(Map.of()));
        assertNull(of(Map.of("client-auth", "client_secret_basic")));
    }

    @Test
    void ofWhenAKeyOfOnesOwnIsConfiguredThenNoGeneratedOne() {
        assertNull(of(Map.of("profile", "fapi2", "client-key", "file:/etc/app/key.pem")));
        assertNull(of(Map.of("client-auth", "private_key_jwt", "client-keystore", "/etc/app/keys.p12")));
    }

    @Test
    void settingsWhenPrivateKeyJwtThenAPkcs8KeyAndNoSecret() throws Exception {
        HighSecurityDemo demo = of(Map.of("client-auth", "private_key_jwt"));
        assertNotNull(demo);
        assertFalse(demo.fapi2());
        Map<String, String> settings = demo.settings();
        assertEquals("private_key_jwt", settings.get("client-auth"));
        assertFalse(settings.containsKey("client-secret"));
        assertEquals(demo.key().getPrivate(), privateKey(settings.get("client-key")));
    }

    @Test
    void configureWhenFapi2ThenTheProviderRequiresParAndDpopNoncesSignsEs256AndTakesTheKey() throws Exception {
        HighSecurityDemo demo = of(Map.of("profile", "fapi2"));
        assertTrue(demo.fapi2());
        try (DevProvider provider = demo.configure(DevProvider.builder()).build().start()) {
            String discovery = get(provider.issuer() + "/.well-known/openid-configuration");
            assertTrue(discovery.replace(" ", "").contains("\"require_pushed_authorization_requests\":true"),
                    discovery);
            assertTrue(discovery.contains("\"ES256\""), discovery);
            // a pushed request authenticated with an assertion signed by the key handed to the filter
            HttpResponse<String> pushed = push(provider, privateKey(demo.pem()), demo.publicJwks());
            assertEquals(201, pushed.statusCode(), pushed.body());
            assertTrue(pushed.body().contains("request_uri"), pushed.body());
        }
    }

    @Test
    void configureWhenAnotherKeySignsTheAssertionThenThePushIsRefused() throws Exception {
        HighSecurityDemo demo = of(Map.of("profile", "fapi2"));
        HighSecurityDemo other = of(Map.of("profile", "fapi2"));
        try (DevProvider provider = demo.configure(DevProvider.builder()).build().start()) {
            HttpResponse<String> pushed = push(provider, privateKey(other.pem()), demo.publicJwks());
            assertEquals(401, pushed.statusCode(), pushed.body());
        }
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A PAR request of the demo client, authenticated by {@code private_key_jwt} with {@code key}. */
    private static HttpResponse<String> push(DevProvider provider, PrivateKey key, String jwks) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(DevProvider.DEMO_CLIENT_ID);
        claims.setSubject(DevProvider.DEMO_CLIENT_ID);
        claims.setAudience(provider.issuer());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 60));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(new org.jose4j.jwk.JsonWebKeySet(jwks).getJsonWebKeys().get(0).getKeyId());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("response_type", "code");
        form.put("client_id", DevProvider.DEMO_CLIENT_ID);
        form.put("redirect_uri", "http://localhost:8080/callback");
        form.put("scope", "openid");
        form.put("state", "state-0123456789");
        form.put("nonce", "nonce-0123456789");
        form.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        form.put("code_challenge_method", "S256");
        form.put("response_mode", "form_post");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", jws.getCompactSerialization());
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        String endpoint = get(provider.issuer() + "/.well-known/openid-configuration")
                .replaceAll("(?s).*\"pushed_authorization_request_endpoint\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
