package dev.oidchybrid.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Checks a DPoP proof (RFC 9449, 4.3) in the order the RFC lists: one {@code DPoP} header, a JWS with
 * {@code typ: dpop+jwt}, an {@code alg} on the allow-list ({@link #ALGORITHMS}) before anything else is trusted, a
 * public {@code jwk} header (private members refused), the signature with that key, {@code htm} and {@code htu}
 * (without query and fragment, compared after syntax normalization), {@code iat} within {@link #MAX_AGE} in the
 * past and {@link #FUTURE_SKEW} in the future, the server nonce when nonces are required (RFC 9449, 8), {@code ath}
 * when the proof comes with an access token (RFC 9449, 4.3 item 12), and a {@code jti} never seen before. The answer
 * is the RFC 7638 thumbprint of the proof key ({@code jkt}), to bind or compare with a token's {@code cnf.jkt}.
 */
final class DpopProofVerifier {

    /** The proof algorithms accepted (and advertised as {@code dpop_signing_alg_values_supported}). */
    static final List<String> ALGORITHMS = SigningKey.SUPPORTED_ALGORITHMS;

    /** The {@code typ} of a proof. */
    static final String TYPE = "dpop+jwt";

    /** The oldest {@code iat} accepted. */
    static final Duration MAX_AGE = Duration.ofSeconds(60);

    /** How far in the future an {@code iat} may be. */
    static final Duration FUTURE_SKEW = Duration.ofSeconds(30);

    /** What the proof proves. */
    sealed interface Outcome permits Proven, Invalid, NonceNeeded {
    }

    /** A valid proof made with the key of thumbprint {@code jkt}. */
    record Proven(String jkt) implements Outcome {
    }

    /** Not a valid proof ({@code invalid_dpop_proof}). */
    record Invalid(String reason) implements Outcome {
    }

    /** The proof lacks the current server nonce ({@code use_dpop_nonce}); send {@code nonce}. */
    record NonceNeeded(String nonce) implements Outcome {
    }

    private final Clock clock;
    private final ProviderFaults faults;
    private final DpopNonces nonces;
    private final boolean nonceRequired;
    private final JtiCache seen;

    DpopProofVerifier(Clock clock, ProviderFaults faults, DpopNonces nonces, boolean nonceRequired) {
        this.clock = clock;
        this.faults = faults;
        this.nonces = nonces;
        this.nonceRequired = nonceRequired;
        this.seen = new JtiCache(clock);
    }

    /** Whether proofs must carry a server nonce (then every answer carries {@code DPoP-Nonce}). */
    boolean nonceRequired() {
        return nonceRequired;
    }

    /** The nonce to hand out now. */
    String currentNonce() {
        return nonces.current();
    }

    /**
     * Verifies the proofs in {@code headers} (the values of every {@code DPoP} header; at least one) for a request
     * {@code method} {@code url}.
     *
     * @param accessToken the access token the proof comes with (checked against {@code ath}), or null at the token
     *                    endpoint
     */
    Outcome verify(List<String> headers, String method, String url, String accessToken) {
        if (headers.size() != 1) {
            return new Invalid("exactly one DPoP header is allowed");
        }
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(headers.get(0));
            if (!(structure instanceof JsonWebSignature jws)) {
                return new Invalid("the DPoP proof must be a JWS");
            }
            if (!TYPE.equals(jws.getHeader("typ"))) {
                return new Invalid("the DPoP proof's typ must be " + TYPE);
            }
            String alg = jws.getAlgorithmHeaderValue();
            if (!ALGORITHMS.contains(alg)) {
                return new Invalid("DPoP proof alg " + alg + " is not allowed; allowed: " + ALGORITHMS);
            }
            if (!(jws.getHeaders().getObjectHeaderValue("jwk") instanceof java.util.Map<?, ?> jwkMembers)) {
                return new Invalid("the DPoP proof needs a jwk header");
            }
            PublicJsonWebKey jwk = jws.getJwkHeader();
            if (jwk.getPrivateKey() != null || jwkMembers.containsKey("d")) {
                return new Invalid("the DPoP proof's jwk must be a public key");
            }
            jws.setKey(jwk.getPublicKey());
            jws.setAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, alg));
            if (!jws.verifySignature()) {
                return new Invalid("the DPoP proof's signature does not verify with its jwk");
            }
            return checkClaims(JwtClaims.parse(jws.getPayload()), method, url, accessToken,
                    jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
        } catch (JoseException | InvalidJwtException | RuntimeException e) {
            return new Invalid("the DPoP proof is malformed");
        } catch (MalformedClaimException e) {
            return new Invalid("the DPoP proof has a malformed claim");
        }
    }

    private Outcome checkClaims(JwtClaims claims, String method, String url, String accessToken, String jkt)
            throws MalformedClaimException {
        String jti = claims.getJwtId();
        NumericDate iat = claims.getIssuedAt();
        if (jti == null || jti.isEmpty() || iat == null || !claims.hasClaim("htm") || !claims.hasClaim("htu")) {
            return new Invalid("the DPoP proof needs jti, htm, htu and iat");
        }
        if (!method.equals(claims.getStringClaimValue("htm"))) {
            return new Invalid("the DPoP proof's htm is not " + method);
        }
        String htu = normalize(claims.getStringClaimValue("htu"));
        if (htu == null || !htu.equals(normalize(url))) {
            return new Invalid("the DPoP proof's htu is not " + url);
        }
        long now = clock.instant().getEpochSecond();
        if (iat.getValue() < now - MAX_AGE.toSeconds() || iat.getValue() > now + FUTURE_SKEW.toSeconds()) {
            return new Invalid("the DPoP proof's iat is outside the accepted window");
        }
        if (faults.rejectEveryDpopNonce() || (nonceRequired && !nonces.accepts(claims.getStringClaimValue("nonce")))) {
            return new NonceNeeded(nonces.current());
        }
        if (accessToken != null && !Secrets.constantTimeEquals(ath(accessToken), claims.getStringClaimValue("ath"))) {
            return new Invalid("the DPoP proof's ath is not the hash of the access token");
        }
        Instant keepUntil = Instant.ofEpochSecond(iat.getValue()).plus(MAX_AGE).plus(FUTURE_SKEW);
        if (!seen.firstUse(jti, keepUntil)) {
            return new Invalid("the DPoP proof's jti was used before (replay)");
        }
        return new Proven(jkt);
    }

    /** The {@code ath} of {@code accessToken}: base64url(SHA-256(ASCII)) (RFC 9449, 4.2). */
    static String ath(String accessToken) {
        try {
            return Secrets.base64Url(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** {@code uri} without query and fragment, scheme and host in lower case, default port dropped; null if bad. */
    static String normalize(String uri) {
        try {
            URI parsed = new URI(uri).normalize();
            if (!parsed.isAbsolute() || parsed.getHost() == null) {
                return null;
            }
            String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
            int port = parsed.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            String path = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
            return scheme + "://" + parsed.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
