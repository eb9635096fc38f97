package dev.oidchybrid.benchmarks;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A token set shaped like the one an Auth0 tenant issues for a web application that asks for an API audience
 * and {@code offline_access}: an ID token with Auth0's usual profile claims, a namespaced roles claim,
 * {@code sid}, {@code nonce} and {@code at_hash}; a JWT access token for two audiences with scope and
 * permissions; and an opaque refresh token. Signed with a fresh key (RSA 2048 for RS256, P-256 for ES256).
 * The sizes are what {@link #describe()} prints, and what BENCHMARKS.md quotes.
 */
public final class RealisticTokens {

    /** The issuer of these tokens (an Auth0 tenant URL, with Auth0's trailing slash). */
    public static final String ISSUER = "https://example-tenant.eu.auth0.com/";
    /** The client the ID token is for. */
    public static final String CLIENT_ID = "Xq3dV0n9y2kMxq4RkTg1xP3nHc7LrA2b";
    /** The namespaced claim holding the roles, as an Auth0 Action adds it. */
    public static final String ROLES_CLAIM = "https://example.com/roles";
    /** The {@code nonce} in the ID token. */
    public static final String NONCE = "n-0S6_WzA2Mj4Qh1Zx8yFv3PrcKd7Ty9LbEq5mRuGsH";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final PublicJsonWebKey key;
    private final String idToken;
    private final String accessToken;
    private final String refreshToken;

    private RealisticTokens(String algorithm, PublicJsonWebKey key, Instant now) {
        this.algorithm = algorithm;
        this.key = key;
        this.accessToken = sign(accessTokenClaims(now), "at+jwt");
        this.idToken = sign(idTokenClaims(now, halfHash(accessToken)), "JWT");
        this.refreshToken = "v1." + random(96);
    }

    /** Tokens issued now, valid for an hour, signed with a new key for {@code algorithm} (RS256 or ES256). */
    public static RealisticTokens issue(String algorithm) {
        try {
            PublicJsonWebKey key = switch (algorithm) {
                case AlgorithmIdentifiers.RSA_USING_SHA256 -> RsaJwkGenerator.generateJwk(2048);
                case AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
                default -> throw new IllegalArgumentException("RS256 or ES256, not " + algorithm);
            };
            key.setKeyId(random(16));
            key.setAlgorithm(algorithm);
            key.setUse("sig");
            return new RealisticTokens(algorithm, key, Instant.now());
        } catch (JoseException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }

    public String idToken() {
        return idToken;
    }

    public String accessToken() {
        return accessToken;
    }

    public String refreshToken() {
        return refreshToken;
    }

    public String algorithm() {
        return algorithm;
    }

    /** The public key set that verifies these tokens, as the tenant's {@code jwks_uri} would serve it. */
    public String jwks() {
        return new JsonWebKeySet(List.<JsonWebKey>of(publicOnly())).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The sizes, for reports: e.g. {@code ID token 1210 B (RS256), access token 1003 B, refresh token 99 B}. */
    public String describe() {
        return "ID token " + idToken.length() + " B (" + algorithm + ", " + payloadLength(idToken)
                + " B of claims JSON), access token " + accessToken.length() + " B (JWT, " + payloadLength(accessToken)
                + " B of claims JSON), refresh token " + refreshToken.length() + " B (opaque)";
    }

    private PublicJsonWebKey publicOnly() {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtClaims idTokenClaims(Instant now, String atHash) {
        JwtClaims claims = new JwtClaims();
        claims.setStringListClaim(ROLES_CLAIM, "admin", "user");
        claims.setClaim("https://example.com/tenant", "acme-clinic-eu");
        claims.setClaim("nickname", "alice.example");
        claims.setClaim("name", "Alice Example");
        claims.setClaim("picture", "https://s.gravatar.com/avatar/5f4dcc3b5aa765d61d8327deb882cf99?s=480&r=pg"
                + "&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fae.png");
        claims.setClaim("updated_at", "2026-11-20T09:14:03.512Z");
        claims.setClaim("email", "alice.example@example.com");
        claims.setClaim("email_verified", true);
        claims.setIssuer(ISSUER);
        claims.setAudience(CLIENT_ID);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 3600));
        claims.setSubject("auth0|64b7f2e4c1a9d35f0e8b4a21");
        claims.setClaim("sid", "Hk2sP9xTq8vN3mZr7Lw4yB1cF6dG0jKa");
        claims.setClaim("auth_time", now.getEpochSecond() - 5);
        claims.setClaim("at_hash", atHash);
        claims.setClaim("nonce", NONCE);
        return claims;
    }

    private static JwtClaims accessTokenClaims(Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setStringListClaim(ROLES_CLAIM, "admin", "user");
        claims.setIssuer(ISSUER);
        claims.setSubject("auth0|64b7f2e4c1a9d35f0e8b4a21");
        claims.setAudience("https://api.example.com/appointments", ISSUER + "userinfo");
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 3600));
        claims.setClaim("scope", "openid profile email offline_access read:appointments write:appointments");
        claims.setClaim("azp", CLIENT_ID);
        claims.setStringListClaim("permissions", "read:appointments", "write:appointments", "read:patients",
                "read:practitioners");
        claims.setClaim("org_id", "org_W7pq2Rk9sT4vX1yZ");
        return claims;
    }

    private String sign(JwtClaims claims, String type) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", type);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** The left half of the SHA-256 of {@code token}, base64url: {@code at_hash} for RS256 and ES256. */
    private static String halfHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int payloadLength(String jwt) {
        return Base64.getUrlDecoder().decode(jwt.split("\\.")[1]).length;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
