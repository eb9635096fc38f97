package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.DpopSettings;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.testing.MutableClock;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpopKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final MutableClock clock = MutableClock.at(1_800_000_000L);
    private final RandomTokens jtis = new RandomTokens(RANDOM);

    @SuppressWarnings("unchecked")
    private static PublicJsonWebKey headerKey(JsonWebSignature jws) throws Exception {
        Map<String, Object> header = org.jose4j.json.JsonUtil.parseJson(jws.getHeaders().getFullHeaderAsJsonString());
        return PublicJsonWebKey.Factory.newPublicJwk((Map<String, Object>) header.get("jwk"));
    }

    /** Verifies the proof with the public key of its own header, as a server does. */
    private static JwtClaims verified(String proof, JsonWebSignature[] header) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(proof);
        PublicJsonWebKey jwk = headerKey(jws);
        assertNull(jwk.getPrivateKey(), "the header carries the public key only");
        jws.setKey(jwk.getPublicKey());
        assertTrue(jws.verifySignature());
        header[0] = jws;
        return JwtClaims.parse(jws.getPayload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "PS256", "EdDSA"})
    void proofWhenSignedThenVerifiesWithItsHeaderKeyAndCarriesTheRequestClaims(String algorithm) throws Exception {
        DpopKey key = DpopKey.generate(algorithm, RANDOM);
        JsonWebSignature[] header = new JsonWebSignature[1];
        JwtClaims claims = verified(key.proof("post", "https://op.example.com/token?x=1#f", null, null, clock, jtis),
                header);
        assertEquals("dpop+jwt", header[0].getHeader("typ"));
        assertEquals(algorithm, header[0].getAlgorithmHeaderValue());
        assertEquals("POST", claims.getStringClaimValue("htm"));
        assertEquals("https://op.example.com/token", claims.getStringClaimValue("htu"), "no query, no fragment");
        assertEquals(1_800_000_000L, claims.getClaimValue("iat", Long.class));
        assertFalse(claims.hasClaim("ath"), "no access token at the token endpoint");
        assertFalse(claims.hasClaim("nonce"));
        assertEquals(key.thumbprint(), headerKey(header[0]).calculateBase64urlEncodedThumbprint("SHA-256"),
                "the thumbprint is the header key's");
    }

    @Test
    void proofWhenAccessTokenAndNonceThenAthIsItsHashAndNonceIsEchoed() throws Exception {
        DpopKey key = DpopKey.generate("ES256", RANDOM);
        JwtClaims claims = verified(key.proof("GET", "https://op.example.com/userinfo", "access-token-1",
                "server-nonce", clock, jtis), new JsonWebSignature[1]);
        // base64url(SHA-256("access-token-1")), computed independently
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        String expected = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha.digest("access-token-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(expected, claims.getStringClaimValue("ath"));
        assertEquals("server-nonce", claims.getStringClaimValue("nonce"));
    }

    @Test
    void proofWhenMadeTwiceThenEachHasItsOwnJti() throws Exception {
        DpopKey key = DpopKey.generate("ES256", RANDOM);
        String a = verified(key.proof("POST", "https://op/t", null, null, clock, jtis), new JsonWebSignature[1])
                .getJwtId();
        String b = verified(key.proof("POST", "https://op/t", null, null, clock, jtis), new JsonWebSignature[1])
                .getJwtId();
        assertNotEquals(a, b);
    }

    @Test
    void restoreWhenSealableThenTheSameKey() {
        DpopKey key = DpopKey.generate("ES256", RANDOM);
        DpopKey back = DpopKey.restore(key.sealable()).orElseThrow();
        assertEquals(key.thumbprint(), back.thumbprint());
        assertEquals(key.sealable(), back.sealable());
    }

    @Test
    void restoreWhenPublicOnlyUnknownAlgorithmOrGarbageThenEmpty() throws Exception {
        DpopKey key = DpopKey.generate("ES256", RANDOM);
        String jwk = key.sealable().substring("ES256 ".length());
        String publicOnly = PublicJsonWebKey.Factory.newPublicJwk(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        assertEquals(Optional.empty(), DpopKey.restore("ES256 " + publicOnly));
        assertEquals(Optional.empty(), DpopKey.restore("HS256 " + jwk));
        assertEquals(Optional.empty(), DpopKey.restore("ES256 {not json"));
        assertEquals(Optional.empty(), DpopKey.restore("ES256"));
        assertEquals(Optional.empty(), DpopKey.restore(null));
    }

    @Test
    void toStringWhenPrintedThenNoPrivatePart() {
        DpopKey key = DpopKey.generate("ES256", RANDOM);
        assertFalse(key.toString().contains("\"d\""));
        assertTrue(key.sealable().contains("\"d\""), "precondition: the sealable form has it");
        assertTrue(DpopSettings.ALGORITHMS.contains("ES256"));
    }
}
