package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ID token encryption for clients registered with {@code id_token_encrypted_response_alg} / {@code _enc}: every
 * stage encrypted to the client's {@code use: enc} key, signed inside, and the faults that break it on purpose.
 */
class IdTokenEncryptionTest {

    private static final PublicJsonWebKey RSA = key(true, "rp-enc-rsa");
    private static final PublicJsonWebKey EC = key(false, "rp-enc-ec");

    private DevProvider op;

    private static PublicJsonWebKey key(boolean rsa, String kid) {
        try {
            PublicJsonWebKey jwk = rsa ? RsaJwkGenerator.generateJwk(2048) : EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId(kid);
            jwk.setUse("enc");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicJwks(PublicJsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @AfterEach
    void stop() {
        if (op != null) {
            op.close();
        }
    }

    private DevProvider start(String alg, String enc) {
        op = DevProvider.builder().client(ClientRegistration.demo().withIdTokenEncryption(alg, enc,
                publicJwks(RSA, EC))).build().start();
        return op;
    }

    /** Front-channel, token endpoint and refreshed ID tokens of one hybrid login. */
    private List<String> idTokens() {
        OpClient client = new OpClient(op);
        AuthRequest request = AuthRequest.valid().with("response_type", "code id_token");
        Map<String, String> front = client.signIn(request);
        Map<String, Object> tokens = OpClient.json(client.exchangeCode(front.get("code"), request.redirectUri(),
                request.verifier));
        Map<String, Object> refreshed = OpClient.json(client.refresh((String) tokens.get("refresh_token"), null));
        return List.of(front.get("id_token"), (String) tokens.get("id_token"), (String) refreshed.get("id_token"));
    }

    private static String decrypt(String jwe, PublicJsonWebKey key) throws JoseException {
        JsonWebEncryption encryption = new JsonWebEncryption();
        encryption.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        encryption.setCompactSerialization(jwe);
        encryption.setKey(key.getPrivateKey());
        return encryption.getPayload();
    }

    @Test
    void idTokensWhenClientRegisteredForRsaOaep256ThenEveryStageEncryptedToItsKeyAndSignedInside() throws Exception {
        start(IdTokenEncryption.RSA_OAEP_256, IdTokenEncryption.A256GCM);
        TokenVerifier verifier = TokenVerifier.of(op, "RS256", Clock.systemUTC());
        for (String idToken : idTokens()) {
            Map<String, Object> header = SignatureFaultTest.header(idToken);
            assertEquals(List.of("RSA-OAEP-256", "A256GCM", "JWT", "rp-enc-rsa"),
                    List.of(header.get("alg"), header.get("enc"), header.get("cty"), header.get("kid")));
            verifier.verify(decrypt(idToken, RSA), DevProvider.DEMO_CLIENT_ID);
        }
    }

    @Test
    void idTokensWhenClientRegisteredForEcdhEsA256KwThenEncryptedToItsEcKey() throws Exception {
        start(IdTokenEncryption.ECDH_ES_A256KW, IdTokenEncryption.A256GCM);
        String idToken = idTokens().get(1);
        assertEquals("rp-enc-ec", SignatureFaultTest.header(idToken).get("kid"));
        TokenVerifier.of(op, "RS256", Clock.systemUTC()).verify(decrypt(idToken, EC), DevProvider.DEMO_CLIENT_ID);
    }

    @Test
    void unencryptedIdTokensWhenSetForTheTokenEndpointThenOnlyThatStageIsSignedOnly() {
        start(IdTokenEncryption.RSA_OAEP_256, IdTokenEncryption.A256GCM);
        op.faults().unencryptedIdTokens(TokenStage.TOKEN_ENDPOINT);
        List<Integer> parts = idTokens().stream().map(t -> t.split("\\.", -1).length).toList();
        assertEquals(List.of(5, 3, 5), parts);
        op.faults().reset();
        assertEquals(List.of(5, 5, 5), idTokens().stream().map(t -> t.split("\\.", -1).length).toList());
    }

    @Test
    void idTokenEncryptionFaultWhenRsa1_5ThenTheProviderUsesIt() throws Exception {
        start(IdTokenEncryption.RSA_OAEP_256, IdTokenEncryption.A256GCM);
        op.faults().idTokenEncryption("RSA1_5", "A128CBC-HS256");
        String idToken = idTokens().get(0);
        assertEquals(List.of("RSA1_5", "A128CBC-HS256"), List.of(SignatureFaultTest.header(idToken).get("alg"),
                SignatureFaultTest.header(idToken).get("enc")));
        assertEquals(3, decrypt(idToken, RSA).split("\\.", -1).length);
    }

    @Test
    void discoveryWhenServedThenListsTheEncryptionAlgorithms() {
        start(IdTokenEncryption.RSA_OAEP_256, IdTokenEncryption.A256GCM);
        Map<String, Object> doc = OpClient.json(new OpClient(op).get("/.well-known/openid-configuration"));
        assertEquals(IdTokenEncryption.ALGORITHMS, doc.get("id_token_encryption_alg_values_supported"));
        assertEquals(IdTokenEncryption.ENCRYPTIONS, doc.get("id_token_encryption_enc_values_supported"));
    }

    @Test
    void registrationWhenNoEncKeyOfTheAlgorithmsTypeThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientRegistration.demo()
                .withIdTokenEncryption(IdTokenEncryption.ECDH_ES_A256KW, IdTokenEncryption.A256GCM, publicJwks(RSA)));
        assertTrue(e.getMessage().contains("no EC key with use 'enc'"), e.getMessage());
    }

    @Test
    void registrationWhenUnknownAlgorithmThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.demo()
                .withIdTokenEncryption("A128KW", IdTokenEncryption.A256GCM, publicJwks(RSA)));
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.demo()
                .withIdTokenEncryption(IdTokenEncryption.RSA_OAEP_256, "XC20P", publicJwks(RSA)));
    }

    @Test
    void registrationWhenPrivateKeyJwtThenEncryptionThenBothKeySetsKept() {
        String signing = publicJwks(key(false, "rp-sig")).replace("\"use\":\"enc\"", "\"use\":\"sig\"");
        ClientRegistration client = ClientRegistration.demo().withPrivateKeyJwt(signing)
                .withIdTokenEncryption(IdTokenEncryption.RSA_OAEP_256, IdTokenEncryption.A256GCM, publicJwks(RSA));
        assertEquals(List.of("rp-sig", "rp-enc-rsa"), ClientRegistration.publicKeys(client.jwks()).stream()
                .map(JsonWebKey::getKeyId).toList());
        assertTrue(client.accepts(ClientRegistration.PRIVATE_KEY_JWT));
    }

    @Test
    void devProviderMainWhenEncryptIdTokensThenTheDemoClientIsRegisteredByItsEncKeyType() {
        DevProvider.Builder builder = DevProviderMain.configure(new String[] {"--client-jwks", publicJwks(EC),
            "--encrypt-id-tokens"});
        op = builder.build().start();
        assertEquals("ECDH-ES+A256KW", SignatureFaultTest.header(idTokens().get(0)).get("alg"));
    }

    @Test
    void devProviderMainWhenEncryptIdTokensWithoutClientJwksThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DevProviderMain.configure(new String[] {"--encrypt-id-tokens"}));
        assertTrue(e.getMessage().contains("--encrypt-id-tokens needs --client-jwks"), e.getMessage());
    }
}
