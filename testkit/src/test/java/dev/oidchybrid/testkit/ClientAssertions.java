package dev.oidchybrid.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Client assertions for tests (RFC 7523): a valid one by default (iss = sub = client id, aud, iat now, exp in a
 * minute, random jti), which a test changes one claim at a time before signing.
 */
final class ClientAssertions {

    private ClientAssertions() {
    }

    /** A fresh key pair for {@code alg} (RS256/PS256: RSA 2048, ES256: P-256, EdDSA: Ed25519), kid = thumbprint. */
    static PublicJsonWebKey generateKey(String alg) {
        try {
            PublicJsonWebKey key = switch (alg) {
                case "RS256", "PS256", "RS384" -> RsaJwkGenerator.generateJwk(2048);
                case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
                case "EdDSA" -> OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
                default -> throw new IllegalArgumentException(alg);
            };
            key.setKeyId(key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWK Set JSON of the public halves. */
    static String jwks(PublicJsonWebKey... keys) {
        StringBuilder out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            out.append(i > 0 ? "," : "").append(keys[i].toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
        return out.append("]}").toString();
    }

    /** Valid claims for {@code clientId} and audience {@code aud} at {@code clock}. */
    static JwtClaims claims(String clientId, String aud, Clock clock) {
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(aud);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 60));
        claims.setJwtId(Secrets.randomToken());
        return claims;
    }

    /** {@code claims}, changed by {@code change}, signed with {@code key} as {@code alg} with its kid. */
    static String sign(JwtClaims claims, PublicJsonWebKey key, String alg, Consumer<JwtClaims> change) {
        change.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} signed with HS256 keyed by {@code secret} (client_secret_jwt). */
    static String signHs256(JwtClaims claims, String secret) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue("HS256");
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form parameters of a client assertion. */
    static Map<String, String> params(String assertion) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_assertion_type", ClientAssertionVerifier.JWT_BEARER);
        params.put("client_assertion", assertion);
        return params;
    }
}
