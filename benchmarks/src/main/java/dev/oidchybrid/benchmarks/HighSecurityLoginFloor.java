package dev.oidchybrid.benchmarks;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a hybrid login of the high-security client ({@code private_key_jwt} with an ES256 key, pushed
 * authorization requests, DPoP with ES256), each probe in this order:
 * <ol>
 *   <li>the login session's DPoP key pair: one EC P-256 key generated with jose4j, as the filter makes one per
 *       login ({@code DpopKey.generate});</li>
 *   <li>the PAR round trip: one client assertion signed (ES256), then a POST of the authorization request's
 *       parameters (the filter's, fresh state and nonce) with it to the provider's PAR endpoint, answered 201 with a
 *       {@code request_uri} (the provider checks the assertion: one ES256 verification);</li>
 *   <li>the first RS256 check (the front-channel ID token);</li>
 *   <li>the token round trip: a second client assertion and one DPoP proof signed (ES256 each), then the token
 *       request with both, answered with DPoP-bound tokens (the provider checks both, two ES256 verifications, and
 *       signs an access token and an ID token, two RS256 signatures);</li>
 *   <li>the second RS256 check (the token endpoint's ID token).</li>
 * </ol>
 * The assertions and proofs are made with jose4j exactly as the filter makes them ({@code ClientAssertions},
 * {@code DpopKey.proof}: the same claims and headers, a fresh 256-bit {@code jti}, the public JWK built per proof).
 * The token request is a refresh grant (see {@link LoginFloor}); since the development provider binds a refresh
 * token family to the DPoP key of the code exchange, its proof is signed with that key, not with the key the probe
 * generated: the generation is timed as the filter's per-login cost and the signature costs the same with either
 * key. Without DPoP nonces (the provider is not asked for them; see BENCHMARKS.md).
 */
final class HighSecurityLoginFloor extends LoginFloor {

    private final HighSecurityClient client;
    private final PublicJsonWebKey boundKey;
    private final String parUrl;
    private final String tokenUrl;
    private String refreshToken;
    private String idToken;
    /** The last generated key, kept so that its generation is not optimized away. */
    private PublicJsonWebKey lastGenerated;
    private long keyNanos;
    private long assertionNanos;
    private long proofNanos;
    private long parNanos;
    private long tokenNanos;
    private long probes;

    HighSecurityLoginFloor(AppUnderTest app, HttpClient http, HighSecurityClient client) throws Exception {
        super(app, http);
        this.client = client;
        this.parUrl = app.provider.issuer() + "/par";
        this.tokenUrl = app.provider.issuer() + "/token";
        this.boundKey = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, RANDOM);
        signIn();
    }

    /** One pushed login at the provider (PAR, login page, form_post answer, code exchange with a DPoP proof). */
    private void signIn() throws Exception {
        String verifier = random();
        String requestUri = push(authorizationParams(client.clientId(), verifier));
        Map<String, String> front = new LinkedHashMap<>();
        front.put("client_id", client.clientId());
        front.put("request_uri", requestUri);
        Map<String, String> answer = signIn(app.provider.issuer() + "/authorize?" + ScriptedBrowser.formBody(front));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", answer.get("code"));
        form.put("redirect_uri", app.callbackUrl());
        form.put("code_verifier", verifier);
        tokenRequest(form, assertion(), proof(boundKey, "POST", tokenUrl));
        if (refreshToken == null) {
            throw new IllegalStateException("floor: no refresh token (scope needs offline_access)");
        }
    }

    @Override
    LoginRun.Round probe(int seconds) throws Exception {
        long budget = TimeUnit.SECONDS.toNanos(seconds);
        long timed = 0;
        long count = 0;
        while (timed < budget) {
            Map<String, String> pushed = authorizationParams(client.clientId(), random());
            Map<String, String> refresh = new LinkedHashMap<>();
            refresh.put("grant_type", "refresh_token");
            refresh.put("refresh_token", refreshToken);
            long start = System.nanoTime();
            lastGenerated = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, RANDOM);
            long generated = System.nanoTime();
            String parAssertion = assertion();
            long parSigned = System.nanoTime();
            pushWith(pushed, parAssertion);
            long afterPar = System.nanoTime();
            verify(idToken);
            long tokenStart = System.nanoTime();
            String tokenAssertion = assertion();
            long tokenSigned = System.nanoTime();
            String proof = proof(boundKey, "POST", tokenUrl);
            long proven = System.nanoTime();
            tokenRequest(refresh, tokenAssertion, proof);
            long afterToken = System.nanoTime();
            verify(idToken);
            long end = System.nanoTime();
            keyNanos += generated - start;
            assertionNanos += (parSigned - generated) + (tokenSigned - tokenStart);
            proofNanos += proven - tokenSigned;
            parNanos += afterPar - parSigned;
            tokenNanos += afterToken - proven;
            probes++;
            timed += end - start;
            count++;
        }
        return new LoginRun.Round(count, timed);
    }

    @Override
    void reset() {
        super.reset();
        keyNanos = 0;
        assertionNanos = 0;
        proofNanos = 0;
        parNanos = 0;
        tokenNanos = 0;
        probes = 0;
    }

    @Override
    String contents() {
        return "1 DPoP key pair + 2 ES256 client assertions + 1 ES256 DPoP proof + 1 loopback PAR request "
                + "+ 1 loopback token request + 2 RS256 checks";
    }

    @Override
    String summary(double millis) {
        return Report.f2(millis) + " ms (DPoP key pair " + Report.f0(perProbe(keyNanos) * 1000) + " µs, client "
                + "assertion " + Report.f0(perProbe(assertionNanos) / 2 * 1000) + " µs each, DPoP proof "
                + Report.f0(perProbe(proofNanos) * 1000) + " µs, PAR request " + Report.f2(perProbe(parNanos))
                + " ms, token request " + Report.f2(perProbe(tokenNanos)) + " ms, RS256 check "
                + Report.f0(verifyMicros()) + " µs each)";
    }

    @Override
    List<String> partRows() {
        return List.of(
                "| floor: the login session's DPoP key pair (EC P-256, jose4j) | " + Report.f2(perProbe(keyNanos)) + " |",
                "| floor: two client assertions (ES256, jose4j) | " + Report.f2(perProbe(assertionNanos)) + " |",
                "| floor: one DPoP proof (ES256, jose4j) | " + Report.f2(perProbe(proofNanos)) + " |",
                "| floor: one PAR request (provider: 1 ES256 verification), JDK HTTP client | "
                        + Report.f2(perProbe(parNanos)) + " |",
                "| floor: one token request (provider: 2 ES256 verifications, 2 RS256 signatures; a refresh grant), "
                        + "JDK HTTP client | " + Report.f2(perProbe(tokenNanos)) + " |",
                "| floor: two RS256 checks | " + Report.f2(2 * verifyMicros() / 1000) + " |");
    }

    private double perProbe(long nanos) {
        return nanos / 1e6 / probes;
    }

    /** Pushes {@code params} with a fresh assertion; returns the {@code request_uri}. */
    private String push(Map<String, String> params) throws Exception {
        return pushWith(params, assertion());
    }

    private String pushWith(Map<String, String> params, String assertion) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(params);
        authenticate(form, assertion);
        HttpResponse<String> response = postForm(parUrl, form);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("floor: PAR request answered " + response.statusCode() + ": "
                    + response.body());
        }
        if (!(JsonUtil.parseJson(response.body()).get("request_uri") instanceof String requestUri)) {
            throw new IllegalStateException("floor: PAR answer without request_uri");
        }
        return requestUri;
    }

    /** POSTs {@code form} to the token endpoint with an assertion and a DPoP proof; keeps the new tokens. */
    private void tokenRequest(Map<String, String> form, String assertion, String proof) throws Exception {
        authenticate(form, assertion);
        HttpResponse<String> response = postForm(tokenUrl, form, "DPoP", proof);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("floor: token request answered " + response.statusCode() + ": "
                    + response.body());
        }
        Map<String, Object> json = JsonUtil.parseJson(response.body());
        if (!"DPoP".equals(json.get("token_type")) || !(json.get("id_token") instanceof String newIdToken)) {
            throw new IllegalStateException("floor: token response not DPoP-bound or without id_token");
        }
        idToken = newIdToken;
        refreshToken = json.get("refresh_token") instanceof String r ? r : refreshToken;
    }

    private void authenticate(Map<String, String> form, String assertion) {
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        form.put("client_id", client.clientId());
    }

    /** A client assertion as the filter's {@code ClientAssertions} makes it (RFC 7523), audience the issuer. */
    private String assertion() throws JoseException {
        long now = System.currentTimeMillis() / 1000;
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(client.clientId());
        claims.setSubject(client.clientId());
        claims.setAudience(app.provider.issuer());
        claims.setJwtId(random());
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 60));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(client.privateKey());
        jws.setKeyIdHeaderValue(client.kid());
        return jws.getCompactSerialization();
    }

    /** A DPoP proof as the filter's {@code DpopKey.proof} makes it (RFC 9449 §4.2), for a token request. */
    private static String proof(PublicJsonWebKey key, String method, String url) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setStringClaim("jti", random());
        claims.setStringClaim("htm", method);
        claims.setStringClaim("htu", url);
        claims.setClaim("iat", System.currentTimeMillis() / 1000);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "dpop+jwt");
        jws.setKey(key.getPrivateKey());
        jws.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(key.getPublicKey()));
        return jws.getCompactSerialization();
    }
}
