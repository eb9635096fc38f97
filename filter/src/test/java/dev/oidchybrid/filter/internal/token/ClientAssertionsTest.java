package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientKeySettings.Audience;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client assertions (RFC 7523 §3, OpenID Connect Core §9), each checked as a provider would, with jose4j. */
class ClientAssertionsTest {

    private static final String CLIENT = "app-client";
    private static final String ISSUER = "https://op.example.com/";
    private static final String TOKEN_ENDPOINT = "https://op.example.com/oauth/token";
    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static ClientKey key(String... files) {
        StringBuilder text = new StringBuilder();
        for (String file : files) {
            try {
                text.append(Files.readString(Path.of("src/test/resources/client-keys", file)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ClientKeys.parse(text.toString()).signing();
    }

    private static ClientAssertions signedBy(ClientKey key, Audience audience, List<String> listed) {
        return ClientAssertions.privateKeyJwt(CLIENT, key, audience, () -> listed, CLOCK,
                new RandomTokens(new SecureRandom()));
    }

    private static String assertion(ClientAuthentication auth) {
        Map<String, String> params = auth.credentials(TOKEN_ENDPOINT, ISSUER).params();
        return params.get("client_assertion");
    }

    /** Verifies as the provider does: signature with the expected algorithm, iss, sub, aud, jti, iat, exp. */
    private static JwtClaims verify(String assertion, Key key, String alg, String audience) throws InvalidJwtException {
        return new JwtConsumerBuilder().setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .setExpectedIssuer(CLIENT).setExpectedSubject(CLIENT).setExpectedAudience(audience)
                .setRequireJwtId().setRequireIssuedAt().setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond()))
                .build().processToClaims(assertion);
    }

    private static JsonWebSignature header(String assertion) throws Exception {
        return (JsonWebSignature) JsonWebSignature.fromCompactSerialization(assertion);
    }

    @Test
    void credentialsWhenPrivateKeyJwtThenAssertionTypeAssertionAndClientIdInTheFormOnly() {
        ClientAuthentication.Credentials c = signedBy(key("rsa-key.pem"), Audience.ISSUER, List.of("RS256"))
                .credentials(TOKEN_ENDPOINT, ISSUER);
        assertEquals(Map.of(), c.headers());
        assertEquals(List.of("client_assertion_type", "client_assertion", "client_id"), List.copyOf(c.params().keySet()));
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", c.params().get("client_assertion_type"));
        assertEquals(CLIENT, c.params().get("client_id"));
        assertFalse(c.params().containsKey("client_secret"));
    }

    @Test
    void assertionWhenPrivateKeyJwtThenItVerifiesWithThePublicKeyAndCarriesTheRfc7523Claims() throws Exception {
        ClientKey key = key("rsa-key.pem");
        JwtClaims claims = verify(assertion(signedBy(key, Audience.ISSUER, List.of("PS256", "RS256"))),
                key.publicKey(), "PS256", ISSUER);
        assertEquals(CLIENT, claims.getIssuer());
        assertEquals(CLIENT, claims.getSubject());
        assertEquals(List.of(ISSUER), claims.getAudience());
        assertEquals(NOW.getEpochSecond(), claims.getIssuedAt().getValue());
    }

    @Test
    void assertionWhenSignedThenExpiresAtMost60SecondsAfterIssue() throws Exception {
        ClientKey key = key("ec-key.pem");
        JwtClaims claims = verify(assertion(signedBy(key, Audience.ISSUER, List.of("ES256"))), key.publicKey(),
                "ES256", ISSUER);
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertTrue(lifetime > 0 && lifetime <= 60, "lifetime " + lifetime);
    }

    @Test
    void assertionWhenTwoRequestsThenEachHasItsOwnJti() throws Exception {
        ClientAssertions auth = signedBy(key("ec-key.pem"), Audience.ISSUER, List.of("ES256"));
        String first = assertion(auth);
        String second = assertion(auth);
        assertNotEquals(first, second);
        String jti1 = JwtClaims.parse(header(first).getUnverifiedPayload()).getJwtId();
        String jti2 = JwtClaims.parse(header(second).getUnverifiedPayload()).getJwtId();
        assertNotEquals(jti1, jti2);
        assertTrue(jti1.length() >= 43, jti1);
    }

    @Test
    void headerWhenPrivateKeyJwtThenAlgAndTheKeysKid() throws Exception {
        ClientKey key = key("ec-key.pem");
        JsonWebSignature jws = header(assertion(signedBy(key, Audience.ISSUER, List.of("RS256", "ES256"))));
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertEquals(key.kid(), jws.getKeyIdHeaderValue());
        assertNull(jws.getHeader("x5t#S256"));
        assertNull(jws.getHeader("x5t"));
    }

    @Test
    void headerWhenTheKeyHasACertificateThenX5tS256AndX5tForEntra() throws Exception {
        ClientKey key = key("rsa-key.pem", "rsa-cert.pem");
        JsonWebSignature jws = header(assertion(signedBy(key, Audience.ISSUER, List.of("RS256"))));
        assertEquals(key.x5tS256().orElseThrow(), jws.getHeader("x5t#S256"));
        assertEquals(key.x5t().orElseThrow(), jws.getHeader("x5t"));
        assertEquals(org.jose4j.keys.X509Util.x5tS256(key.certificate().orElseThrow()), jws.getHeader("x5t#S256"));
    }

    @Test
    void audienceWhenTokenEndpointSettingThenTheUrlTheAssertionIsSentTo() throws Exception {
        ClientKey key = key("rsa-key.pem");
        JwtClaims claims = verify(assertion(signedBy(key, Audience.TOKEN_ENDPOINT, List.of("RS256"))),
                key.publicKey(), "RS256", TOKEN_ENDPOINT);
        assertEquals(List.of(TOKEN_ENDPOINT), claims.getAudience());
    }

    @Test
    void algorithmWhenRsaKeyAndProviderListsNothingThenRs256() throws Exception {
        ClientKey key = key("rsa-key.pem");
        verify(assertion(signedBy(key, Audience.ISSUER, List.of())), key.publicKey(), "RS256", ISSUER);
    }

    @Test
    void algorithmWhenEd25519KeyThenEdDsa() throws Exception {
        ClientKey key = key("ed25519-key.pem");
        verify(assertion(signedBy(key, Audience.ISSUER, List.of("RS256", "EdDSA"))), key.publicKey(), "EdDSA", ISSUER);
    }

    @Test
    void algorithmWhenTheProviderListsNoneForTheKeyThenInvalidConfigurationNamingBoth() {
        OidcException e = assertThrows(OidcException.class, () -> signedBy(key("ec-key.pem"), Audience.ISSUER,
                List.of("RS256", "PS256")).credentials(TOKEN_ENDPOINT, ISSUER));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertTrue(e.description().contains("[RS256, PS256]") && e.description().contains("EC P-256"),
                e.description());
    }

    @Test
    void assertionWhenClientSecretJwtThenHs256UnderTheSecretWithoutKid() throws Exception {
        ClientAssertions auth = ClientAssertions.clientSecretJwt(CLIENT, SECRET, Audience.ISSUER,
                () -> List.of("HS256", "RS256"), CLOCK, new RandomTokens(new SecureRandom()));
        String assertion = assertion(auth);
        verify(assertion, new HmacKey(SECRET.getBytes(StandardCharsets.UTF_8)), "HS256", ISSUER);
        assertNull(header(assertion).getKeyIdHeaderValue());
        assertFalse(auth.credentials(TOKEN_ENDPOINT, ISSUER).params().containsValue(SECRET));
    }

    @Test
    void assertionWhenClientSecretJwtAndTheProviderListsNoHs256ThenInvalidConfiguration() {
        ClientAssertions auth = ClientAssertions.clientSecretJwt(CLIENT, SECRET, Audience.ISSUER,
                () -> List.of("RS256"), CLOCK, new RandomTokens(new SecureRandom()));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, assertThrows(OidcException.class,
                () -> auth.credentials(TOKEN_ENDPOINT, ISSUER)).code());
    }

    @Test
    void fapi2WhenRsaKeyAndTheProviderListsRs256FirstThenSignsWithPs256() throws Exception {
        ClientKey key = key("rsa-key.pem");
        ClientAssertions auth = ClientAssertions.privateKeyJwt(CLIENT, key, Audience.ISSUER, Profile.FAPI2,
                () -> List.of("RS256", "PS256"), CLOCK, new RandomTokens(new SecureRandom()));
        verify(assertion(auth), key.publicKey(), "PS256", ISSUER);
    }

    @Test
    void fapi2WhenTheProviderListsNothingThenPs256RatherThanTheRs256Fallback() throws Exception {
        ClientKey key = key("rsa-key.pem");
        ClientAssertions auth = ClientAssertions.privateKeyJwt(CLIENT, key, Audience.ISSUER, Profile.FAPI2,
                List::of, CLOCK, new RandomTokens(new SecureRandom()));
        verify(assertion(auth), key.publicKey(), "PS256", ISSUER);
    }

    @Test
    void fapi2WhenTheProviderListsOnlyRs256ThenRefusedRatherThanSigningWithIt() {
        ClientAssertions auth = ClientAssertions.privateKeyJwt(CLIENT, key("rsa-key.pem"), Audience.ISSUER,
                Profile.FAPI2, () -> List.of("RS256"), CLOCK, new RandomTokens(new SecureRandom()));
        OidcException e = assertThrows(OidcException.class, () -> auth.credentials(TOKEN_ENDPOINT, ISSUER));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertTrue(e.getMessage().contains("PS256"), e.getMessage());
    }

    @Test
    void fapi2WhenTheKeyIsPinnedToRs256ThenRefusedAtOnce() {
        ClientKey pinned = key("rsa-key.pem");
        ClientKey rs256 = new ClientKey(pinned.kid(), pinned.privateKey(), pinned.publicKey(), Optional.of("RS256"),
                Optional.empty());
        OidcException e = assertThrows(OidcException.class, () -> ClientAssertions.privateKeyJwt(CLIENT, rs256,
                Audience.ISSUER, Profile.FAPI2, () -> List.of("RS256", "PS256"), CLOCK,
                new RandomTokens(new SecureRandom())));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertTrue(e.getMessage().contains("profile=fapi2"), e.getMessage());
        // without the profile the same key signs
        assertTrue(assertion(signedBy(rs256, Audience.ISSUER, List.of("RS256"))).split("\\.").length == 3);
    }

    @Test
    void forClientWhenEachMethodThenItsAuthentication() {
        OidcConfig.Builder base = OidcConfig.builder().set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, CLIENT);
        RandomTokens random = new RandomTokens(new SecureRandom());
        ClientKeys keys = ClientKeys.parse("-----BEGIN PRIVATE KEY-----" + pemBody("ec-key.pem")
                + "-----END PRIVATE KEY-----");
        assertInstanceOf(ClientAssertions.class, ClientAuthentication.forClient(base
                .set(InitParam.CLIENT_AUTH, "private_key_jwt").set(InitParam.CLIENT_KEY, "file:/k.pem").build().client(),
                Optional.of(keys), Profile.NONE, List::of, CLOCK, random));
        assertInstanceOf(ClientAssertions.class, ClientAuthentication.forClient(base
                .set(InitParam.CLIENT_AUTH, "client_secret_jwt").set(InitParam.CLIENT_KEY, null)
                .set(InitParam.CLIENT_SECRET, SECRET).build().client(), Optional.empty(), Profile.NONE, List::of, CLOCK,
                random));
        assertTrue(ClientAuthentication.forClient(base.set(InitParam.CLIENT_AUTH, "client_secret_basic").build()
                .client(), Optional.empty(), Profile.NONE, List::of, CLOCK, random).credentials(TOKEN_ENDPOINT, ISSUER)
                .headers()
                .containsKey("Authorization"));
    }

    @Test
    void withSecretWhenAnAssertionMethodThenRefusedRatherThanSendingNoCredentials() {
        assertThrows(IllegalArgumentException.class, () -> ClientAuthentication.withSecret(OidcConfig.builder()
                .set(InitParam.ISSUER, ISSUER).set(InitParam.CLIENT_ID, CLIENT).set(InitParam.CLIENT_AUTH,
                        "private_key_jwt").set(InitParam.CLIENT_KEY, "file:/k.pem").build().client()));
    }

    private static String pemBody(String file) {
        try {
            String pem = Files.readString(Path.of("src/test/resources/client-keys", file));
            return pem.replaceAll("-----[A-Z ]+-----", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
