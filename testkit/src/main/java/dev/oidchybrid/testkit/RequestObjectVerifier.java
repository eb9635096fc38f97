package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Verifies a request object (RFC 9101, JWT-Secured Authorization Request; OpenID Connect Core 1.0, 6.1 and 6.3),
 * in this order: a JWS (never {@code alg: none}, never unsigned), {@code typ} absent or {@value #TYPE} (10.8),
 * {@code iss} and any {@code client_id} claim equal to the {@code client_id} the object came with (the query's,
 * or the authenticated client's at the PAR endpoint), a known client with registered keys, the {@code alg} in
 * {@link #ALGORITHMS} before any key is looked up, the signature with the client's registered JWKS, {@code aud}
 * naming the issuer, {@code exp} present and in the future, {@code nbf} (when present) not in the future, at most
 * {@link #MAX_LIFETIME} between them, no {@code request} or {@code request_uri} inside (RFC 9101, 4), and a
 * {@code jti} never seen before. Time comes from the provider clock, with {@link #CLOCK_SKEW}.
 *
 * <p>The verified parameters are the object's claims alone (6.3: whatever else the query says is ignored), the
 * JWT claims removed and {@code client_id} set. A failure says what is wrong, never the object.
 */
final class RequestObjectVerifier {

    /** The JWS {@code typ} of a request object (RFC 9101, 10.8). */
    static final String TYPE = "oauth-authz-req+jwt";

    /** Algorithms accepted for request objects: those of {@code private_key_jwt}. */
    static final List<String> ALGORITHMS = SigningKey.SUPPORTED_ALGORITHMS;

    /** Tolerated difference between the client's clock and the provider's. */
    static final Duration CLOCK_SKEW = ClientAssertionVerifier.CLOCK_SKEW;

    /** Longest accepted {@code exp - nbf} (or {@code exp - iat}): 60 minutes, as FAPI 2.0 Message Signing asks. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(60);

    /** The claims of the JWT itself, not authorization parameters. */
    private static final Set<String> JWT_CLAIMS = Set.of("iss", "aud", "exp", "iat", "nbf", "jti", "sub");

    /** The outcome: the parameters, or what is wrong. */
    sealed interface Outcome permits Verified, Refused {
    }

    /** The object's authorization parameters, {@code client_id} included. */
    record Verified(Params params) implements Outcome {
    }

    /** The object cannot be used. */
    record Refused(String reason) implements Outcome {
    }

    private final String issuer;
    private final Clock clock;
    private final Map<String, ClientRegistration> clients;
    private final JtiCache seen;

    RequestObjectVerifier(String issuer, Clock clock, Map<String, ClientRegistration> clients) {
        this.issuer = issuer;
        this.clock = clock;
        this.clients = Map.copyOf(clients);
        this.seen = new JtiCache(clock);
    }

    /**
     * Verifies {@code requestObject} sent by {@code clientId}.
     *
     * @param clientId the {@code client_id} outside the object (query, or the authenticated client); may be null
     */
    Outcome verify(String requestObject, String clientId) {
        if (requestObject == null) {
            return new Refused("the request parameter is empty");
        }
        if (clientId == null) {
            return new Refused("a request object needs the client_id outside it too (RFC 9101, 5)");
        }
        try {
            JwtContext unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(requestObject);
            List<JsonWebStructure> objects = unverified.getJoseObjects();
            if (objects.size() != 1 || !(objects.get(0) instanceof JsonWebSignature jws)) {
                return new Refused("the request object must be a signed JWT (JWS)");
            }
            String alg = jws.getAlgorithmHeaderValue();
            if (alg == null || alg.equalsIgnoreCase("none")) {
                return new Refused("the request object is unsigned (alg none)");
            }
            String typ = jws.getHeader("typ");
            if (typ != null && !typ.equalsIgnoreCase(TYPE)) {
                return new Refused("the request object's typ must be " + TYPE + " (RFC 9101, 10.8)");
            }
            JwtClaims claims = unverified.getJwtClaims();
            if (!clientId.equals(claims.getIssuer())) {
                return new Refused("the request object's iss is not the client_id");
            }
            if (claims.hasClaim("client_id") && !clientId.equals(claims.getClaimValue("client_id"))) {
                return new Refused("the request object's client_id differs from the client_id outside it");
            }
            ClientRegistration client = clients.get(clientId);
            if (client == null || client.jwks() == null) {
                return new Refused(client == null ? "unknown client" : "the client has no registered keys (jwks)");
            }
            if (!ALGORITHMS.contains(alg)) {
                return new Refused("request object alg " + alg + " is not allowed; allowed: " + ALGORITHMS);
            }
            Refused problem = verifySignature(alg, client, requestObject);
            if (problem == null) {
                problem = checkClaims(claims);
            }
            if (problem != null) {
                return problem;
            }
            Instant keepUntil = Instant.ofEpochSecond(claims.getExpirationTime().getValue()).plus(CLOCK_SKEW);
            if (!seen.firstUse(clientId + " " + claims.getJwtId(), keepUntil)) {
                return new Refused("the request object's jti was used before (replay)");
            }
            return new Verified(parameters(claims, clientId));
        } catch (InvalidJwtException e) {
            return new Refused("the request object is not a well-formed JWT");
        } catch (MalformedClaimException e) {
            return new Refused("the request object has a malformed claim");
        }
    }

    private static Refused verifySignature(String alg, ClientRegistration client, String requestObject) {
        JwksVerificationKeyResolver keys = new JwksVerificationKeyResolver(ClientRegistration.publicKeys(client.jwks()));
        keys.setDisambiguateWithVerifySignature(true);
        try {
            new JwtConsumerBuilder().setSkipAllValidators().setJwsAlgorithmConstraints(ConstraintType.PERMIT, alg)
                    .setVerificationKeyResolver(keys).build().process(requestObject);
            return null;
        } catch (InvalidJwtException e) {
            return new Refused("the request object's signature does not verify with the client's registered key");
        }
    }

    private Refused checkClaims(JwtClaims claims) throws MalformedClaimException {
        if (!claims.hasAudience() || !claims.getAudience().contains(issuer)) {
            return new Refused("the request object's aud must be the issuer " + issuer);
        }
        NumericDate exp = claims.getExpirationTime();
        if (exp == null) {
            return new Refused("the request object needs exp");
        }
        long now = clock.instant().getEpochSecond();
        long skew = CLOCK_SKEW.toSeconds();
        if (exp.getValue() + skew <= now) {
            return new Refused("the request object expired");
        }
        NumericDate nbf = claims.getNotBefore();
        if (nbf != null && nbf.getValue() > now + skew) {
            return new Refused("the request object is not valid yet (nbf)");
        }
        NumericDate start = nbf != null ? nbf : claims.getIssuedAt();
        if (start == null || exp.getValue() - start.getValue() > MAX_LIFETIME.toSeconds()) {
            return new Refused("the request object needs nbf or iat, at most " + MAX_LIFETIME.toMinutes()
                    + " minutes before exp");
        }
        if (claims.hasClaim("request") || claims.hasClaim("request_uri")) {
            return new Refused("a request object must not hold request or request_uri (RFC 9101, 4)");
        }
        if (claims.getJwtId() == null || claims.getJwtId().isEmpty()) {
            return new Refused("the request object needs a jti");
        }
        for (Map.Entry<String, Object> claim : claims.getClaimsMap().entrySet()) {
            Object value = claim.getValue();
            if (!JWT_CLAIMS.contains(claim.getKey()) && !(value instanceof String || value instanceof Number)) {
                return new Refused("the request object's parameter " + claim.getKey() + " must be a string or a "
                        + "number (this provider supports no JSON-valued parameter)");
            }
        }
        return null;
    }

    /** The authorization parameters: every claim but the JWT's own, strings as they are, numbers in decimal. */
    private static Params parameters(JwtClaims claims, String clientId) {
        Map<String, String> params = new LinkedHashMap<>();
        claims.getClaimsMap().forEach((name, value) -> {
            if (!JWT_CLAIMS.contains(name) && value != null) {
                params.put(name, value.toString());
            }
        });
        params.put("client_id", clientId);
        return Params.of(params);
    }
}
