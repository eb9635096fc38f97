package dev.oidchybrid.filter.testing;

import dev.oidchybrid.filter.internal.token.TokenHashes;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds signed ID tokens for tests with valid defaults; a test changes one thing at a time. Always signed:
 * the signature path is exercised by every test.
 */
public final class TestIdTokens {

    public static final String ISSUER = "https://op.example.com";
    public static final String CLIENT_ID = "client-1";
    public static final String SUBJECT = "user-42";
    public static final String NONCE = "nonce-0123456789abcdefghijklmnopqrstuv";

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private PublicJsonWebKey key = TestKeys.RSA;
    private String alg = "RS256";
    private String kid = TestKeys.RSA.getKeyId();
    private boolean kidSet = false;
    private String code;
    private String accessToken;
    private String typ;

    private TestIdTokens(long now) {
        claims.put("iss", ISSUER);
        claims.put("sub", SUBJECT);
        claims.put("aud", CLIENT_ID);
        claims.put("exp", now + 300);
        claims.put("iat", now);
        claims.put("auth_time", now - 10);
        claims.put("nonce", NONCE);
    }

    /** A valid token issued at {@code now} (epoch seconds). */
    public static TestIdTokens at(long now) {
        return new TestIdTokens(now);
    }

    public TestIdTokens with(String claim, Object value) {
        claims.put(claim, value);
        return this;
    }

    public TestIdTokens audiences(String... audiences) {
        claims.put("aud", List.of(audiences));
        return this;
    }

    public TestIdTokens without(String claim) {
        claims.remove(claim);
        return this;
    }

    /** Adds a correct c_hash for the code (computed at build time with the final algorithm). */
    public TestIdTokens codeHashFor(String code) {
        this.code = code;
        return this;
    }

    /** Adds a correct at_hash for the access token. */
    public TestIdTokens accessTokenHashFor(String accessToken) {
        this.accessToken = accessToken;
        return this;
    }

    public TestIdTokens signedWith(PublicJsonWebKey key, String alg) {
        this.key = key;
        this.alg = alg;
        if (!kidSet) {
            this.kid = key.getKeyId();
        }
        return this;
    }

    /** Sets the typ header; null (the default) leaves it out. */
    public TestIdTokens typ(String typ) {
        this.typ = typ;
        return this;
    }

    /** Sets the kid header; null leaves it out. */
    public TestIdTokens kid(String kid) {
        this.kid = kid;
        this.kidSet = true;
        return this;
    }

    public String build() {
        try {
            JwtClaims jwtClaims = new JwtClaims();
            claims.forEach(jwtClaims::setClaim);
            if (code != null && !claims.containsKey("c_hash")) {
                jwtClaims.setClaim("c_hash", TokenHashes.halfHash(code, alg).orElseThrow());
            }
            if (accessToken != null && !claims.containsKey("at_hash")) {
                jwtClaims.setClaim("at_hash", TokenHashes.halfHash(accessToken, alg).orElseThrow());
            }
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(jwtClaims.toJson());
            jws.setAlgorithmHeaderValue(alg);
            jws.setKey(key.getPrivateKey());
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
