package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the request object of an authorization request (RFC 9101 §4, OpenID Connect Core 1.0 §6.1): every
 * authorization parameter as a claim ({@code max_age} as a number, the rest as strings), then {@code iss} = the
 * client ID, {@code aud} = the issuer, {@code iat}, {@code nbf} = {@code iat}, {@code exp} {@link #LIFETIME} later
 * and a random {@code jti}; never {@code sub}. Signed with the client's first key, header {@code kid} and
 * {@code typ} = {@value #TYPE} (RFC 9101 §10.8), with {@link #algorithm the best algorithm} the provider lists for
 * request objects and the key can make. Pure: time and randomness are injected. The object is never logged.
 */
public final class RequestObjectBuilder {

    /** The JWS {@code typ} of a request object (RFC 9101 §10.8). */
    public static final String TYPE = "oauth-authz-req+jwt";
    /**
     * How long a request object is valid: 120 s, enough for the browser's redirect (or the push) and a few seconds
     * of clock difference, too little to keep a captured one for later.
     */
    public static final Duration LIFETIME = Duration.ofSeconds(120);
    private static final String SPEC = "RFC 9101 §4, §10.8";

    private final String clientId;
    private final String issuer;
    private final ClientKey key;
    private final boolean fapi2;
    private final Clock clock;
    private final RandomTokens random;

    /**
     * @param fapi2 whether {@code profile=fapi2} holds: only PS256, ES256 and EdDSA then
     * @throws OidcException {@code invalid_configuration} when the key has no algorithm it may sign request
     *                       objects with, or cannot sign at all
     */
    public RequestObjectBuilder(String clientId, String issuer, ClientKey key, boolean fapi2, Clock clock,
                                RandomTokens random) {
        this.clientId = clientId;
        this.issuer = issuer;
        this.key = key;
        this.fapi2 = fapi2;
        this.clock = clock;
        this.random = random;
        String alg = algorithm(key, List.of(), fapi2).orElseThrow(() -> new OidcException(
                ErrorCode.INVALID_CONFIGURATION, "invalid OIDC filter configuration: request-object=signed but the "
                + "client's " + key.type() + " key signs only with " + key.algorithms() + (fapi2 ? ", which "
                + "profile=fapi2 does not allow (PS256, ES256 or EdDSA)" : "") + ": configure another client-key",
                SPEC));
        // a key that cannot sign fails the start, not the first login
        sign(new JwtClaims(), alg);
    }

    /**
     * The algorithm for request objects signed with {@code key}: of the algorithms the key can make (best first:
     * PS256, then RS256, for RSA; ES256; EdDSA), never {@code none} and under {@code fapi2} only PS256, ES256 or
     * EdDSA, the first the provider lists in {@code request_object_signing_alg_values_supported}. When the provider
     * lists nothing: RS256 for an RSA key outside {@code fapi2} (the algorithm OpenID Connect Discovery 1.0 §3 says
     * providers should support), else the key's best.
     *
     * @return empty when the provider lists algorithms but none of them fits
     */
    public static Optional<String> algorithm(ClientKey key, List<String> listed, boolean fapi2) {
        Profile profile = fapi2 ? Profile.FAPI2 : Profile.NONE;
        return key.signingAlgorithm(listed, alg -> !alg.equalsIgnoreCase("none") && profile.allowsSigningAlgorithm(alg));
    }

    /** {@link #algorithm(ClientKey, List, boolean)} for this builder's key and profile. */
    public Optional<String> algorithm(List<String> listed) {
        return algorithm(key, listed, fapi2);
    }

    /**
     * The signed request object carrying {@code params}.
     *
     * @param listed the provider's {@code request_object_signing_alg_values_supported}
     * @throws OidcException {@code request_object_unsupported} when the provider lists no algorithm for the key
     */
    public String build(Map<String, String> params, List<String> listed) {
        String alg = algorithm(listed).orElseThrow(() -> new OidcException(ErrorCode.REQUEST_OBJECT_UNSUPPORTED,
                "request-object=signed but the provider's request_object_signing_alg_values_supported " + listed
                        + " lists no algorithm for the client's " + key.type() + " key (" + String.join(", ",
                        key.algorithms()) + (fapi2 ? "; profile=fapi2 allows PS256, ES256, EdDSA" : "") + "): allow one "
                        + "at the provider or configure a key of a type it lists; no unsigned request is sent", SPEC));
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        params.forEach((name, value) -> {
            if (name.equals("max_age") && value.matches("[0-9]{1,18}")) {
                claims.setClaim(name, Long.parseLong(value));
            } else {
                claims.setClaim(name, value);
            }
        });
        claims.setIssuer(clientId);
        claims.setAudience(issuer);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setNotBefore(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + LIFETIME.toSeconds()));
        claims.setJwtId(random.next());
        return sign(claims, alg);
    }

    private String sign(JwtClaims claims, String alg) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setHeader("typ", TYPE);
        jws.setKeyIdHeaderValue(key.kid());
        jws.setKey(key.privateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException | RuntimeException e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "invalid OIDC filter configuration: "
                    + "request-object=signed but the client's " + key.type() + " key cannot sign with " + alg + " ("
                    + e.getClass().getSimpleName() + "): check client-key", SPEC);
        }
    }
}
