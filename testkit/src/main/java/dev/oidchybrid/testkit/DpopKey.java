package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * A DPoP key pair for tests (RFC 9449), made independently of any relying party's code: its thumbprint
 * ({@link #thumbprint()}, for {@link DevProvider#accessToken(DemoUser, String, java.util.List, String)}) and proofs
 * with valid defaults that a test changes one part at a time.
 *
 * <pre>{@code
 * DpopKey key = DpopKey.generate("ES256");
 * String token = op.accessToken(DemoUser.alice(), "api", List.of("openid"), key.thumbprint());
 * String proof = key.proof("GET", "http://127.0.0.1:8080/api/orders").accessToken(token).sign();
 * // Authorization: DPoP <token>, DPoP: <proof>
 * }</pre>
 */
public final class DpopKey {

    private final SigningKey key;
    private final Clock clock;

    private DpopKey(SigningKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /**
     * A fresh key pair.
     *
     * @param algorithm {@code ES256}, {@code RS256}, {@code PS256} or {@code EdDSA}
     */
    public static DpopKey generate(String algorithm) {
        return generate(algorithm, Clock.systemUTC());
    }

    /** A fresh key pair whose proofs take their default {@code iat} from {@code clock}. */
    public static DpopKey generate(String algorithm, Clock clock) {
        return new DpopKey(SigningKey.generate(algorithm), Objects.requireNonNull(clock, "clock"));
    }

    /** The JWS algorithm of the proofs. */
    public String algorithm() {
        return key.algorithm();
    }

    /** The RFC 7638 SHA-256 thumbprint of the public key, base64url: a token's {@code cnf.jkt}. */
    public String thumbprint() {
        return key.jwk().calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }

    /** The public key as JWK JSON. */
    public String publicJwkJson() {
        return key.jwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * A proof for a request, with {@code typ: dpop+jwt}, this key's {@code alg} and public {@code jwk}, and the
     * claims {@code jti} (random), {@code htm}, {@code htu}, {@code iat} (now).
     *
     * @param htm the HTTP method
     * @param htu the request URI (without query and fragment)
     */
    public Proof proof(String htm, String htu) {
        return new Proof(htm, htu);
    }

    /** A DPoP proof being made; {@link #sign()} finishes it. */
    public final class Proof {

        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String algorithm = key.algorithm();
        private boolean privateJwk;

        private Proof(String htm, String htu) {
            claims.put("jti", Secrets.randomToken());
            claims.put("htm", htm);
            claims.put("htu", htu);
            claims.put("iat", clock.instant().getEpochSecond());
            headers.put("typ", DpopProofVerifier.TYPE);
        }

        /** Adds {@code ath}, the hash of {@code accessToken} (RFC 9449, 4.2). */
        public Proof accessToken(String accessToken) {
            return claim("ath", DpopProofVerifier.ath(accessToken));
        }

        /** Adds the server {@code nonce}. */
        public Proof nonce(String nonce) {
            return claim("nonce", nonce);
        }

        /** Sets {@code iat}. */
        public Proof issuedAt(Instant iat) {
            return claim("iat", iat.getEpochSecond());
        }

        /** Sets {@code jti} (e.g. to replay one). */
        public Proof jti(String jti) {
            return claim("jti", jti);
        }

        /** Sets a claim; null removes it. */
        public Proof claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** Sets a JOSE header ({@code typ}, ...); null removes it. */
        public Proof header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        /** Names another {@code alg} in the header (signed with it, if this key can). */
        public Proof algorithm(String alg) {
            this.algorithm = alg;
            return this;
        }

        /** Puts the private key into the {@code jwk} header, which a verifier must refuse. */
        public Proof withPrivateJwk() {
            this.privateJwk = true;
            return this;
        }

        /** The compact JWS. */
        public String sign() {
            JwtClaims payload = new JwtClaims();
            claims.forEach(payload::setClaim);
            if (claims.get("iat") instanceof Long iat) {
                payload.setIssuedAt(NumericDate.fromSeconds(iat));
            }
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(payload.toJson());
            jws.setAlgorithmHeaderValue(algorithm);
            headers.forEach(jws::setHeader);
            try {
                PublicJsonWebKey jwk = key.jwk();
                jws.getHeaders().setObjectHeaderValue("jwk", jwk.toParams(privateJwk
                        ? JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE : JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                jws.setKey(jwk.getPrivateKey());
                jws.setDoKeyValidation(false);
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("could not sign a DPoP proof", e);
            }
        }
    }
}
