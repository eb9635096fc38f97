package dev.oidchybrid.testkit;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Request objects for tests (RFC 9101): valid by default (every parameter of the request as a claim, iss = the
 * client id, aud = the issuer, iat = nbf = now, exp in a minute, random jti, typ oauth-authz-req+jwt), which a test
 * changes one claim or header at a time before signing.
 */
final class SignedRequests {

    private SignedRequests() {
    }

    /** Valid claims for {@code request}, sent by {@code clientId} to {@code issuer}, at {@code clock}. */
    static JwtClaims claims(AuthRequest request, String clientId, String issuer, Clock clock) {
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        request.params.forEach(claims::setClaim);
        claims.setClaim("client_id", clientId);
        claims.setIssuer(clientId);
        claims.setAudience(issuer);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setNotBefore(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 60));
        claims.setJwtId(Secrets.randomToken());
        return claims;
    }

    /** {@code claims} after {@code change}, signed with {@code key} as {@code alg}, its kid and the JAR typ. */
    static String sign(JwtClaims claims, PublicJsonWebKey key, String alg, Consumer<JwtClaims> change) {
        change.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setHeader("typ", RequestObjectVerifier.TYPE);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        return serialize(jws);
    }

    /** {@code claims} as an unsecured JWT ({@code alg: none}, empty signature). */
    static String unsigned(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setHeader("typ", RequestObjectVerifier.TYPE);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        return serialize(jws);
    }

    /** The front-channel request of a request object: {@code client_id} and {@code request} only. */
    static AuthRequest front(String clientId, String requestObject) {
        AuthRequest front = AuthRequest.valid();
        front.params.clear();
        return front.with("client_id", clientId).with("request", requestObject);
    }

    /** The client assertion parameters of {@code clientId} for the PAR endpoint. */
    static Map<String, String> assertion(String clientId, String issuer, PublicJsonWebKey key, Clock clock) {
        return ClientAssertions.params(ClientAssertions.sign(ClientAssertions.claims(clientId, issuer, clock), key,
                "ES256", c -> { }));
    }

    private static String serialize(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
