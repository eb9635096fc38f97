package dev.oidchybrid.filter.testing;

import dev.oidchybrid.filter.internal.token.DpopProofValidator;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.security.Key;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DPoP proofs (RFC 9449 §4.2) for tests with valid defaults (ES256, {@code typ} {@code dpop+jwt}, the
 * public key in {@code jwk}, a fresh {@code jti}); a test changes one thing at a time. Always signed.
 */
public final class TestDpopProofs {

    /** A client's proof key, generated once per test run. */
    public static final PublicJsonWebKey CLIENT_KEY = newKey();

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private PublicJsonWebKey key = CLIENT_KEY;
    private Key signingKey;
    private String alg = "ES256";
    private boolean privateJwk;
    private boolean withoutJwk;

    private TestDpopProofs(String method, String htu, long now) {
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", method);
        claims.put("htu", htu);
        claims.put("iat", now);
        headers.put("typ", "dpop+jwt");
    }

    /** A valid proof for {@code method} and {@code htu} at {@code now} (epoch seconds), without {@code ath}. */
    public static TestDpopProofs of(String method, String htu, long now) {
        return new TestDpopProofs(method, htu, now);
    }

    /** A new EC P-256 key pair. */
    public static PublicJsonWebKey newKey() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 7638 thumbprint of {@code key}, the {@code cnf.jkt} of a token bound to it. */
    public static String thumbprint(PublicJsonWebKey key) {
        return key.calculateBase64urlEncodedThumbprint("SHA-256");
    }

    /** Adds the {@code ath} of {@code accessToken}. */
    public TestDpopProofs forToken(String accessToken) {
        return with("ath", DpopProofValidator.ath(accessToken));
    }

    public TestDpopProofs with(String claim, Object value) {
        claims.put(claim, value);
        return this;
    }

    public TestDpopProofs without(String claim) {
        claims.remove(claim);
        return this;
    }

    /** Sets a header ({@code typ}), or removes it with null. */
    public TestDpopProofs header(String name, Object value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    /** The key in {@code jwk} and the key that signs, with {@code alg}. */
    public TestDpopProofs key(PublicJsonWebKey key, String alg) {
        this.key = key;
        this.alg = alg;
        return this;
    }

    /** Signs with {@code signingKey} (and {@code alg}) while {@code jwk} stays the proof key. */
    public TestDpopProofs signedWith(Key signingKey, String alg) {
        this.signingKey = signingKey;
        this.alg = alg;
        return this;
    }

    /** Puts the private part of the key into {@code jwk}. */
    public TestDpopProofs privateKeyInJwk() {
        this.privateJwk = true;
        return this;
    }

    /** Leaves the {@code jwk} header out (a {@code jwk} set with {@link #header} replaces the key's). */
    public TestDpopProofs withoutJwk() {
        this.withoutJwk = true;
        return this;
    }

    public String sign() {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(org.jose4j.json.JsonUtil.toJson(claims));
            jws.setAlgorithmHeaderValue(alg);
            headers.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
            if (!headers.containsKey("jwk") && !withoutJwk) {
                jws.getHeaders().setObjectHeaderValue("jwk", key.toParams(privateJwk
                        ? JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE : JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            }
            if ("none".equals(alg)) {
                jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
                return jws.getCompactSerialization();
            }
            jws.setKey(signingKey != null ? signingKey : key.getPrivateKey());
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
