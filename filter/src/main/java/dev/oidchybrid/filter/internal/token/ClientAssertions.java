package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientKeySettings.Audience;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Client authentication by a JWT assertion (RFC 7523 §2.2 and §3, OpenID Connect Core 1.0 §9): a fresh assertion
 * for every request, {@code iss} = {@code sub} = the client ID, {@code aud} the issuer (or the endpoint's URL), a
 * random {@code jti}, {@code iat} and an {@code exp} {@link #LIFETIME} later, signed with an algorithm the provider
 * lists in {@code token_endpoint_auth_signing_alg_values_supported}: the client's private key
 * ({@code private_key_jwt}, header {@code kid} and, with a certificate, {@code x5t#S256} and {@code x5t}) or HS256
 * under the client secret ({@code client_secret_jwt}). Pure: time and randomness are injected, and the provider's
 * algorithms come from its metadata when a request is made.
 */
public final class ClientAssertions implements ClientAuthentication {

    /** How long an assertion is valid: at most a minute, it is used at once. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String SPEC = "RFC 7523 §3, OpenID Connect Core 1.0 §9";

    private final String clientId;
    private final Audience audience;
    private final Supplier<List<String>> listedAlgorithms;
    private final Function<List<String>, String> algorithm;
    private final Key key;
    private final Optional<ClientKey> clientKey;
    private final Clock clock;
    private final RandomTokens random;

    private ClientAssertions(String clientId, Audience audience, Supplier<List<String>> listedAlgorithms,
                             Function<List<String>, String> algorithm, Key key, Optional<ClientKey> clientKey,
                             Clock clock, RandomTokens random) {
        this.clientId = clientId;
        this.audience = audience;
        this.listedAlgorithms = listedAlgorithms;
        this.algorithm = algorithm;
        this.key = key;
        this.clientKey = clientKey;
        this.clock = clock;
        this.random = random;
    }

    /**
     * {@code private_key_jwt} with {@code key}.
     *
     * @param listedAlgorithms the provider's {@code token_endpoint_auth_signing_alg_values_supported}, asked for
     *                         each request (the metadata may be discovered later than this is built)
     */
    public static ClientAssertions privateKeyJwt(String clientId, ClientKey key, Audience audience,
                                                 Supplier<List<String>> listedAlgorithms, Clock clock,
                                                 RandomTokens random) {
        return privateKeyJwt(clientId, key, audience, Profile.NONE, listedAlgorithms, clock, random);
    }

    /**
     * {@code private_key_jwt} with {@code key}, signing only with an algorithm {@code profile} allows.
     *
     * @throws OidcException {@code invalid_configuration} at once when the key signs with no algorithm the profile
     *                       allows (an RS256-only key under {@code profile=fapi2})
     */
    public static ClientAssertions privateKeyJwt(String clientId, ClientKey key, Audience audience, Profile profile,
                                                 Supplier<List<String>> listedAlgorithms, Clock clock,
                                                 RandomTokens random) {
        if (key.algorithms().stream().noneMatch(profile::allowsSigningAlgorithm)) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "client-key: profile=" + profile.value()
                    + " signs client assertions with PS256, ES256 or EdDSA only, and the client's " + key.type()
                    + " key signs with " + String.join(", ", key.algorithms()) + ": configure an EC P-256, Ed25519 "
                    + "or RSA key (without alg RS256)", "FAPI 2.0 §5.4.1");
        }
        return new ClientAssertions(clientId, audience, listedAlgorithms, listed -> key.signingAlgorithm(listed,
                        profile::allowsSigningAlgorithm)
                .orElseThrow(() -> new OidcException(ErrorCode.INVALID_CONFIGURATION, "client-key: the provider's "
                        + "token_endpoint_auth_signing_alg_values_supported " + listed + " lists no algorithm for the "
                        + "client's " + key.type() + " key (" + String.join(", ", key.algorithms().stream()
                        .filter(profile::allowsSigningAlgorithm).toList()) + "): configure a key of a type the "
                        + "provider lists, or allow " + key.algorithms().stream().filter(profile::allowsSigningAlgorithm)
                        .findFirst().orElseThrow() + " at the provider", SPEC)), key.privateKey(), Optional.of(key),
                clock, random);
    }

    /** {@code client_secret_jwt}: HS256 under the secret (at least 32 bytes, checked by the configuration). */
    public static ClientAssertions clientSecretJwt(String clientId, String secret, Audience audience,
                                                   Supplier<List<String>> listedAlgorithms, Clock clock,
                                                   RandomTokens random) {
        return new ClientAssertions(clientId, audience, listedAlgorithms, listed -> {
            if (!listed.isEmpty() && !listed.contains(AlgorithmIdentifiers.HMAC_SHA256)) {
                throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "client-auth=client_secret_jwt signs with "
                        + "HS256, which the provider's token_endpoint_auth_signing_alg_values_supported " + listed
                        + " does not list: use another client-auth", SPEC);
            }
            return AlgorithmIdentifiers.HMAC_SHA256;
        }, new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), Optional.empty(), clock, random);
    }

    /**
     * @throws OidcException {@code invalid_configuration} when the provider lists no algorithm this key signs with
     */
    @Override
    public Credentials credentials(String endpoint, String issuer) {
        String alg = algorithm.apply(listedAlgorithms.get());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_assertion_type", ASSERTION_TYPE);
        params.put("client_assertion", assertion(alg, audience == Audience.TOKEN_ENDPOINT ? endpoint : issuer));
        params.put("client_id", clientId);
        return new Credentials(Map.of(), params);
    }

    private String assertion(String alg, String aud) {
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(aud);
        claims.setJwtId(random.next());
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + LIFETIME.toSeconds()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(key);
        clientKey.ifPresent(k -> {
            jws.setKeyIdHeaderValue(k.kid());
            k.x5tS256().ifPresent(t -> jws.setHeader("x5t#S256", t));
            k.x5t().ifPresent(t -> jws.setHeader("x5t", t));
        });
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "the client assertion could not be signed with "
                    + alg + " (" + e.getClass().getSimpleName() + "): check client-key", SPEC);
        }
    }
}
