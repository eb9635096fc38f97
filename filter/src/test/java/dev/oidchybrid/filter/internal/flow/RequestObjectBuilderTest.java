package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestClientKeys;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RequestObjectBuilder}: the request object's claims and header, and the choice of its algorithm. */
class RequestObjectBuilderTest {

    private static final String ISSUER = "https://op.example.com/";
    private static final long NOW = 1_800_000_000L;
    private static final KeyPair EC = TestClientKeys.ecKey();
    private static final KeyPair RSA = pair("RSA");
    private static final KeyPair ED25519 = pair("Ed25519");

    private static KeyPair pair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClientKey key(KeyPair pair) {
        return ClientKeys.parse("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----").signing();
    }

    /** An RSA key whose JWK names {@code alg}. */
    private static ClientKey rsaJwk(String alg) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(RSA.getPublic());
            jwk.setPrivateKey(RSA.getPrivate());
            jwk.setAlgorithm(alg);
            return ClientKeys.parse(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)).signing();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestObjectBuilder builder(ClientKey key, boolean fapi2) {
        return new RequestObjectBuilder("client-1", ISSUER, key, fapi2, MutableClock.at(NOW),
                new RandomTokens(new SecureRandom()));
    }

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("response_mode", "form_post");
        params.put("client_id", "client-1");
        params.put("redirect_uri", "https://app.example.com/callback");
        params.put("scope", "openid email");
        params.put("state", "st");
        params.put("nonce", "no");
        params.put("code_challenge", "ch");
        params.put("code_challenge_method", "S256");
        params.put("max_age", "300");
        params.put("audience", "https://api.example.com");
        params.put("connection", "github");
        return params;
    }

    /** The verified JWS of {@code jwt}, checked with {@code pair}'s public key. */
    static JsonWebSignature verified(String jwt, KeyPair pair) {
        try {
            JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt);
            jws.setKey(pair.getPublic());
            assertTrue(jws.verifySignature(), "signed with the client's key");
            return jws;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static JwtClaims claims(JsonWebSignature jws) {
        try {
            return JwtClaims.parse(jws.getPayload());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void buildWhenSignedThenEveryParameterIsAClaimWithIssAudTimesAndJtiButNoSub() throws Exception {
        JwtClaims claims = claims(verified(builder(key(EC), false).build(params(), List.of("ES256")), EC));

        params().forEach((name, value) -> {
            if (!name.equals("max_age")) {
                assertEquals(value, claims.getClaimValue(name), name);
            }
        });
        assertEquals(300L, claims.getClaimValue("max_age"), "max_age is a number (OpenID Connect Core §6.1)");
        assertEquals("client-1", claims.getIssuer());
        assertEquals(List.of(ISSUER), claims.getAudience());
        assertEquals(NOW, claims.getIssuedAt().getValue());
        assertEquals(NOW, claims.getNotBefore().getValue());
        assertEquals(NOW + RequestObjectBuilder.LIFETIME.toSeconds(), claims.getExpirationTime().getValue());
        assertEquals(120, RequestObjectBuilder.LIFETIME.toSeconds());
        assertTrue(claims.getJwtId().length() >= 43, claims.getJwtId());
        assertFalse(claims.hasClaim("sub"));
    }

    @Test
    void buildWhenCalledTwiceThenEachObjectHasItsOwnJti() throws Exception {
        RequestObjectBuilder builder = builder(key(EC), false);
        assertNotEquals(claims(verified(builder.build(params(), List.of()), EC)).getJwtId(),
                claims(verified(builder.build(params(), List.of()), EC)).getJwtId());
    }

    @Test
    void buildWhenSignedThenHeaderHasTypKidAndAlg() {
        ClientKey key = key(EC);
        JsonWebSignature jws = verified(builder(key, false).build(params(), List.of("RS256", "ES256")), EC);

        assertEquals("oauth-authz-req+jwt", jws.getHeader("typ"));
        assertEquals(key.kid(), jws.getKeyIdHeaderValue());
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
    }

    @Test
    void algorithmWhenRsaKeyAndProviderListsBothThenPs256Preferred() {
        assertEquals(Optional.of("PS256"), RequestObjectBuilder.algorithm(key(RSA), List.of("RS256", "PS256"), false));
        assertEquals("PS256", verified(builder(key(RSA), false).build(params(), List.of("RS256", "PS256")), RSA)
                .getAlgorithmHeaderValue());
    }

    @Test
    void algorithmWhenRsaKeyAndProviderListsOnlyRs256ThenRs256OutsideFapi2() {
        assertEquals(Optional.of("RS256"), RequestObjectBuilder.algorithm(key(RSA), List.of("RS256"), false));
    }

    @Test
    void algorithmWhenFapi2AndProviderListsOnlyRs256ThenNone() {
        assertEquals(Optional.empty(), RequestObjectBuilder.algorithm(key(RSA), List.of("RS256"), true));
        OidcException e = assertThrows(OidcException.class,
                () -> builder(key(RSA), true).build(params(), List.of("RS256")));
        assertEquals(ErrorCode.REQUEST_OBJECT_UNSUPPORTED, e.code());
        assertTrue(e.description().contains("profile=fapi2 allows PS256, ES256, EdDSA"), e.description());
    }

    @Test
    void algorithmWhenProviderListsOnlyNoneThenRefused() {
        assertEquals(Optional.empty(), RequestObjectBuilder.algorithm(key(EC), List.of("none"), false));
        OidcException e = assertThrows(OidcException.class,
                () -> builder(key(EC), false).build(params(), List.of("none")));
        assertEquals(ErrorCode.REQUEST_OBJECT_UNSUPPORTED, e.code());
        assertTrue(e.description().contains("no unsigned request is sent"), e.description());
    }

    @Test
    void algorithmWhenProviderListsNothingThenRs256ForRsaOutsideFapi2ElseTheKeysBest() {
        assertEquals(Optional.of("RS256"), RequestObjectBuilder.algorithm(key(RSA), List.of(), false));
        assertEquals(Optional.of("PS256"), RequestObjectBuilder.algorithm(key(RSA), List.of(), true));
        assertEquals(Optional.of("ES256"), RequestObjectBuilder.algorithm(key(EC), List.of(), true));
        assertEquals(Optional.of("EdDSA"), RequestObjectBuilder.algorithm(key(ED25519), List.of(), false));
    }

    @Test
    void buildWhenEd25519KeyThenEdDsa() {
        assertEquals("EdDSA", verified(builder(key(ED25519), true).build(params(), List.of("PS256", "EdDSA")),
                ED25519).getAlgorithmHeaderValue());
    }

    @Test
    void constructorWhenFapi2AndKeyNamesOnlyRs256ThenInvalidConfiguration() {
        OidcException e = assertThrows(OidcException.class, () -> builder(rsaJwk("RS256"), true));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertTrue(e.description().contains("request-object=signed"), e.description());
        assertTrue(e.description().contains("profile=fapi2"), e.description());
        assertEquals(Optional.of("RS256"), builder(rsaJwk("RS256"), false).algorithm(List.of()));
    }

    @Test
    void constructorWhenKeyNamesAnAlgorithmItCannotSignWithThenInvalidConfiguration() {
        // ClientKeys refuses such a JWK when it is read; the builder's trial signature holds for any key
        ClientKey pinned = rsaJwk("RS256");
        ClientKey wrong = new ClientKey(pinned.kid(), pinned.privateKey(), pinned.publicKey(), Optional.of("ES256"),
                Optional.empty());
        OidcException e = assertThrows(OidcException.class, () -> builder(wrong, false));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertTrue(e.description().contains("cannot sign with ES256"), e.description());
    }
}
