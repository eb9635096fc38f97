package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.DpopSettings;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One login session's DPoP key (RFC 9449): generated when the login completes, kept sealed in the session (so
 * every node can make proofs; in the browser only inside the sealed cookie of {@code session-store=cookie}), and
 * used for every proof of that session. A proof is a
 * fresh JWT per request: header {@code typ=dpop+jwt}, the algorithm and the public key; claims {@code jti},
 * {@code htm}, {@code htu} (without query and fragment), {@code iat}, and {@code ath} (the access token's
 * SHA-256) and {@code nonce} where they apply.
 */
public final class DpopKey {

    private final PublicJsonWebKey key;
    private final String algorithm;

    private DpopKey(PublicJsonWebKey key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** A new key pair for {@code algorithm} (one of {@link DpopSettings#ALGORITHMS}). */
    public static DpopKey generate(String algorithm, SecureRandom random) {
        try {
            PublicJsonWebKey key = switch (algorithm) {
                case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256, null, random);
                case "PS256" -> RsaJwkGenerator.generateJwk(2048, null, random);
                case "EdDSA" -> OkpJwkGenerator.generateJwk("Ed25519", null, random);
                default -> throw new IllegalArgumentException("not a DPoP algorithm: " + algorithm);
            };
            return new DpopKey(key, algorithm);
        } catch (JoseException e) {
            throw new IllegalStateException("DPoP key generation failed", e);
        }
    }

    /** The key {@link #sealable()} wrote, or empty when the text is not such a key. */
    public static Optional<DpopKey> restore(String sealable) {
        if (sealable == null) {
            return Optional.empty();
        }
        int dot = sealable.indexOf(' ');
        if (dot <= 0) {
            return Optional.empty();
        }
        String algorithm = sealable.substring(0, dot);
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk(sealable.substring(dot + 1));
            if (!DpopSettings.ALGORITHMS.contains(algorithm) || !(jwk instanceof PublicJsonWebKey key) || key.getPrivateKey() == null) {
                return Optional.empty();
            }
            return Optional.of(new DpopKey(key, algorithm));
        } catch (JoseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The algorithm and the private JWK, for the sealed session only: it contains the private key. */
    public String sealable() {
        return algorithm + " " + key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    /** The RFC 7638 thumbprint of the public key (what a bound token's {@code cnf.jkt} names). */
    public String thumbprint() {
        return key.calculateBase64urlEncodedThumbprint("SHA-256");
    }

    /**
     * A proof for one request.
     *
     * @param accessToken the token the request presents (its hash goes into {@code ath}), or null at the token
     *                    endpoint
     * @param nonce       the server's nonce, or null
     */
    public String proof(String method, String url, String accessToken, String nonce, Clock clock,
                        RandomTokens random) {
        JwtClaims claims = new JwtClaims();
        claims.setStringClaim("jti", random.next());
        claims.setStringClaim("htm", method.toUpperCase(Locale.ROOT));
        claims.setStringClaim("htu", htu(url));
        claims.setClaim("iat", clock.instant().getEpochSecond());
        if (accessToken != null) {
            claims.setStringClaim("ath", hash(accessToken));
        }
        if (nonce != null) {
            claims.setStringClaim("nonce", nonce);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm.equals("EdDSA") ? AlgorithmIdentifiers.EDDSA : algorithm);
        jws.setHeader("typ", "dpop+jwt");
        jws.setKey(key.getPrivateKey());
        try {
            jws.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(key.getPublicKey()));
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("DPoP proof signing failed", e);
        }
    }

    /** The URL without query and fragment (RFC 9449 §4.2). */
    static String htu(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    /** base64url(SHA-256(ASCII(token))), the {@code ath} of RFC 9449 §4.2. */
    static String hash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DpopKey[" + algorithm + ", " + thumbprint() + "]";
    }
}
