package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Verifies tokens the way a relying party does: keys from the provider's {@code /jwks} (fetched with the JDK
 * client), the advertised algorithm only, issuer, audience and expiry at the given clock.
 */
final class TokenVerifier {

    private final JsonWebKeySet keys;
    private final String issuer;
    private final String algorithm;
    private final Clock clock;

    private TokenVerifier(JsonWebKeySet keys, String issuer, String algorithm, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.clock = clock;
    }

    static TokenVerifier of(DevProvider op, String algorithm, Clock clock) {
        HttpResponse<String> jwks = new OpClient(op).get("/jwks");
        assertEquals(200, jwks.statusCode());
        try {
            return new TokenVerifier(new JsonWebKeySet(jwks.body()), op.issuer(), algorithm, clock);
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }

    /** The verified claims of {@code jwt} for audience {@code audience}. */
    JwtClaims verify(String jwt, String audience) {
        return context(jwt, audience).getJwtClaims();
    }

    /** The verified token with its headers. */
    JwtContext context(String jwt, String audience) {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(List.copyOf(keys.getJsonWebKeys())))
                    .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireSubject()
                    .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                    .build()
                    .process(jwt);
        } catch (InvalidJwtException e) {
            throw new AssertionError("token does not verify: " + e.getMessage(), e);
        }
    }

    /**
     * The verified logout token with its headers, checked as a relying party does (Back-Channel Logout 1.0, 2.6):
     * signature by a published key with the expected algorithm, header {@code typ: logout+jwt}, issuer, audience,
     * {@code iat} and unexpired {@code exp}; the other claims are for the caller to check.
     */
    JwtContext logoutToken(String jwt, String audience) {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(List.copyOf(keys.getJsonWebKeys())))
                    .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                    .setExpectedType(true, DevProvider.LOGOUT_TOKEN_TYPE)
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireJwtId()
                    .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                    .build()
                    .process(jwt);
        } catch (InvalidJwtException e) {
            throw new AssertionError("logout token does not verify: " + e.getMessage(), e);
        }
    }

    /** The c_hash / at_hash a relying party expects for {@code value} (OIDC Core 3.3.2.11), computed independently. */
    static String halfHash(String value) {
        return halfHash("RS256", value);
    }

    /** The c_hash / at_hash for a token with header {@code alg}: SHA-256 for *256, SHA-512 for EdDSA (Ed25519). */
    static String halfHash(String alg, String value) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance(alg.equals("EdDSA") ? "SHA-512" : "SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(digest, digest.length / 2));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
