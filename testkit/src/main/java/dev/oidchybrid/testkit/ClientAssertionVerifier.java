package dev.oidchybrid.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
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
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Verifies a JWT client assertion ({@code private_key_jwt} / {@code client_secret_jwt}: OpenID Connect Core 1.0,
 * 9; RFC 7523, 2.2 and 3; RFC 7521, 4.2), in this order: the assertion type, the {@code alg} against the
 * allow-list of the client's registered method (RS256, PS256, ES256, EdDSA for {@code private_key_jwt}; HS256 for
 * {@code client_secret_jwt}) before any key is looked up, the signature with the registered key, {@code iss} =
 * {@code sub} = the client id, {@code aud} (the issuer or the token endpoint URL, or the URL of the endpoint
 * called; {@link ProviderFaults#clientAssertionAudience} narrows it), {@code exp} in the future and at most
 * {@link #MAX_LIFETIME} after {@code iat}, and a {@code jti} never seen before. Time comes from the provider
 * clock, with {@link #CLOCK_SKEW}. A failure says what is wrong, never the assertion.
 */
final class ClientAssertionVerifier {

    /** The only {@code client_assertion_type} (RFC 7523, 2.2). */
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** Algorithms accepted for {@code private_key_jwt}. */
    static final List<String> ASYMMETRIC_ALGORITHMS = SigningKey.SUPPORTED_ALGORITHMS;

    /** The algorithm of {@code client_secret_jwt}. */
    static final String HMAC_ALGORITHM = "HS256";

    /** Tolerated difference between the client's clock and the provider's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Longest accepted {@code exp - iat}. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    /** The outcome: the client, or what is wrong. */
    sealed interface Outcome permits Verified, Refused {
    }

    /** The assertion authenticates {@code client}. */
    record Verified(ClientRegistration client) implements Outcome {
    }

    /** The assertion does not authenticate anybody. */
    record Refused(String reason) implements Outcome {
    }

    private final String issuer;
    private final Clock clock;
    private final ProviderFaults faults;
    private final Map<String, ClientRegistration> clients;
    private final JtiCache seen;

    ClientAssertionVerifier(String issuer, Clock clock, ProviderFaults faults, Map<String, ClientRegistration> clients) {
        this.issuer = issuer;
        this.clock = clock;
        this.faults = faults;
        this.clients = Map.copyOf(clients);
        this.seen = new JtiCache(clock);
    }

    /**
     * Verifies an assertion sent to {@code endpointUrl}.
     *
     * @param type      the {@code client_assertion_type}, may be null
     * @param assertion the {@code client_assertion}, may be null
     * @param clientId  the {@code client_id} parameter, or null
     */
    Outcome verify(String type, String assertion, String clientId, String endpointUrl) {
        if (!JWT_BEARER.equals(type)) {
            return new Refused("client_assertion_type must be " + JWT_BEARER);
        }
        if (assertion == null) {
            return new Refused("client_assertion is required");
        }
        try {
            JwtContext unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(assertion);
            List<JsonWebStructure> objects = unverified.getJoseObjects();
            if (objects.size() != 1 || !(objects.get(0) instanceof JsonWebSignature jws)) {
                return new Refused("the client assertion must be a signed JWT (JWS)");
            }
            JwtClaims claims = unverified.getJwtClaims();
            String iss = claims.getIssuer();
            if (iss == null || !iss.equals(claims.getSubject())) {
                return new Refused("the client assertion's iss and sub must both be the client id");
            }
            if (clientId != null && !clientId.equals(iss)) {
                return new Refused("client_id differs from the client assertion's iss");
            }
            ClientRegistration client = clients.get(iss);
            if (client == null) {
                return new Refused("unknown client");
            }
            Refused keyProblem = verifySignature(jws.getAlgorithmHeaderValue(), client, assertion);
            if (keyProblem != null) {
                return keyProblem;
            }
            Refused claimProblem = checkClaims(claims, endpointUrl);
            if (claimProblem != null) {
                return claimProblem;
            }
            Instant keepUntil = Instant.ofEpochSecond(claims.getExpirationTime().getValue()).plus(CLOCK_SKEW);
            if (!seen.firstUse(client.clientId() + " " + claims.getJwtId(), keepUntil)) {
                return new Refused("the client assertion's jti was used before (replay)");
            }
            return new Verified(client);
        } catch (InvalidJwtException e) {
            return new Refused("the client assertion is not a well-formed JWT");
        } catch (MalformedClaimException e) {
            return new Refused("the client assertion has a malformed claim");
        }
    }

    private static Refused verifySignature(String alg, ClientRegistration client, String assertion) {
        JwtConsumerBuilder consumer = new JwtConsumerBuilder().setSkipAllValidators()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, alg);
        if (HMAC_ALGORITHM.equals(alg)) {
            if (!client.accepts(ClientRegistration.CLIENT_SECRET_JWT)) {
                return new Refused("the client is not registered for client_secret_jwt (alg HS256)");
            }
            consumer.setVerificationKey(new HmacKey(client.clientSecret().getBytes(StandardCharsets.UTF_8)));
        } else if (ASYMMETRIC_ALGORITHMS.contains(alg)) {
            if (!client.accepts(ClientRegistration.PRIVATE_KEY_JWT)) {
                return new Refused("the client is not registered for private_key_jwt (alg " + alg + ")");
            }
            JwksVerificationKeyResolver keys =
                    new JwksVerificationKeyResolver(ClientRegistration.publicKeys(client.jwks()));
            keys.setDisambiguateWithVerifySignature(true);
            consumer.setVerificationKeyResolver(keys);
        } else {
            return new Refused("client assertion alg " + alg + " is not allowed; allowed: " + ASYMMETRIC_ALGORITHMS
                    + " for private_key_jwt, " + HMAC_ALGORITHM + " for client_secret_jwt");
        }
        try {
            consumer.build().process(assertion);
            return null;
        } catch (InvalidJwtException e) {
            return new Refused("the client assertion's signature does not verify with the client's registered key");
        }
    }

    private Refused checkClaims(JwtClaims claims, String endpointUrl) throws MalformedClaimException {
        if (!claims.hasAudience() || claims.getAudience().stream().noneMatch(acceptedAudiences(endpointUrl)::contains)) {
            return new Refused("the client assertion's aud must be one of " + acceptedAudiences(endpointUrl));
        }
        NumericDate exp = claims.getExpirationTime();
        NumericDate iat = claims.getIssuedAt();
        if (exp == null || iat == null) {
            return new Refused("the client assertion needs exp and iat");
        }
        long now = clock.instant().getEpochSecond();
        long skew = CLOCK_SKEW.toSeconds();
        if (exp.getValue() + skew <= now) {
            return new Refused("the client assertion expired");
        }
        if (iat.getValue() > now + skew) {
            return new Refused("the client assertion's iat is in the future");
        }
        if (exp.getValue() - iat.getValue() > MAX_LIFETIME.toSeconds()) {
            return new Refused("the client assertion lives longer than " + MAX_LIFETIME.toSeconds() + " s (exp - iat)");
        }
        NumericDate nbf = claims.getNotBefore();
        if (nbf != null && nbf.getValue() > now + skew) {
            return new Refused("the client assertion is not valid yet (nbf)");
        }
        if (claims.getJwtId() == null || claims.getJwtId().isEmpty()) {
            return new Refused("the client assertion needs a jti");
        }
        return null;
    }

    private Set<String> acceptedAudiences(String endpointUrl) {
        String tokenEndpoint = issuer + "/token";
        AssertionAudience only = faults.clientAssertionAudience();
        if (only == AssertionAudience.ISSUER) {
            return Set.of(issuer);
        }
        if (only == AssertionAudience.TOKEN_ENDPOINT) {
            return Set.of(tokenEndpoint);
        }
        return new LinkedHashSet<>(List.of(issuer, tokenEndpoint, endpointUrl));
    }
}
