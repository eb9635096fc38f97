package dev.oidchybrid.filter.internal.crypto;

import dev.oidchybrid.filter.testing.TestJwe;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ID token decryption keys: the forms of client-key, RSA and EC only, one algorithm each, published as enc. */
class DecryptionKeysTest {

    private static final Path DIR = Path.of("src/test/resources/client-keys").toAbsolutePath();
    private static final PublicJsonWebKey RSA = TestJwe.rsa("enc-rsa");
    private static final PublicJsonWebKey EC = TestJwe.ec("enc-ec");

    private static String failure(String text) {
        ClientKeyException e = assertThrows(ClientKeyException.class, () -> DecryptionKeys.parse(text));
        assertEquals(ClientKeyException.Input.DECRYPTION_KEY, e.input());
        assertFalse(e.getMessage().contains("MII"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void parseWhenPemRsaAndEcThenEachWithItsAlgorithm() throws Exception {
        DecryptionKeys keys = DecryptionKeys.parse(Files.readString(DIR.resolve("rsa-key.pem")) + "\n"
                + Files.readString(DIR.resolve("ec-key.pem")));
        assertEquals(List.of("RSA", "EC P-256"), keys.all().stream().map(ClientKey::type).toList());
        assertEquals(Set.of(DecryptionKeys.RSA_OAEP_256, DecryptionKeys.ECDH_ES_A256KW), keys.algorithms());
    }

    @Test
    void parseWhenJwkSetThenKidsKept() {
        DecryptionKeys keys = DecryptionKeys.parse(TestJwe.privateJwks(RSA, EC));
        assertEquals(List.of("enc-rsa", "enc-ec"), keys.all().stream().map(ClientKey::kid).toList());
    }

    @Test
    void parseWhenEd25519ThenRefused() throws Exception {
        assertTrue(failure(Files.readString(DIR.resolve("ed25519-key.pem"))).contains("cannot decrypt ID tokens"));
    }

    @Test
    void parseWhenJwkUseSigThenRefused() {
        String json = TestJwe.privateJwks(RSA).replace("\"use\":\"enc\"", "\"use\":\"sig\"");
        assertTrue(failure(json).contains("whose use is not 'enc'"));
    }

    @Test
    void parseWhenJwkAlgRsa1_5ThenRefused() {
        String json = TestJwe.privateJwks(RSA).replace("\"use\":\"enc\"", "\"use\":\"enc\",\"alg\":\"RSA1_5\"");
        assertTrue(failure(json).contains("alg 'RSA1_5' is not accepted"));
    }

    @Test
    void parseWhenPublicKeyOnlyThenRefused() {
        assertTrue(failure(TestJwe.publicJwks(RSA)).contains("without its private part"));
    }

    @Test
    void parseWhenGarbageThenRefused() {
        assertTrue(failure("not a key").contains("is neither PEM"));
    }

    @Test
    void checkApartFromWhenSameKeyAsSigningThenRefused() throws Exception {
        String pem = Files.readString(DIR.resolve("ec-key.pem"));
        ClientKeyException e = assertThrows(ClientKeyException.class,
                () -> DecryptionKeys.parse(pem).checkApartFrom(ClientKeys.parse(pem)));
        assertTrue(e.getMessage().contains("also a signing key"), e.getMessage());
    }

    @Test
    void checkApartFromWhenSameKidAsSigningKeyThenRefused() throws Exception {
        PublicJsonWebKey ec = TestJwe.ec("shared");
        ClientKeys signing = ClientKeys.parse(Files.readString(DIR.resolve("ec-key.pem")));
        String json = TestJwe.privateJwks(ec).replace("\"shared\"", "\"" + signing.signing().kid() + "\"");
        ClientKeyException e = assertThrows(ClientKeyException.class,
                () -> DecryptionKeys.parse(json).checkApartFrom(signing));
        assertTrue(e.getMessage().contains("distinct kids"), e.getMessage());
    }

    @Test
    void publicJwksWhenBothKindsThenSigAndEncWithAlgAndNoPrivatePart() throws Exception {
        ClientKeys signing = ClientKeys.parse(Files.readString(DIR.resolve("ec-key.pem")));
        String jwks = DecryptionKeys.publicJwks(Optional.of(signing),
                Optional.of(DecryptionKeys.parse(TestJwe.privateJwks(RSA, EC))));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) JsonUtil.parseJson(jwks).get("keys");
        assertEquals(List.of("sig", "enc", "enc"), keys.stream().map(k -> k.get("use")).toList());
        assertEquals(List.of(DecryptionKeys.RSA_OAEP_256, DecryptionKeys.ECDH_ES_A256KW),
                keys.subList(1, 3).stream().map(k -> k.get("alg")).toList());
        for (Map<String, Object> key : keys) {
            for (String part : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertFalse(key.containsKey(part), part + " published: " + key);
            }
        }
        String d = String.valueOf(RSA.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE).get("d"));
        assertFalse(jwks.contains(d));
    }

    @Test
    void publicJwksWhenOnlyDecryptionKeysThenOnlyEnc() {
        String jwks = DecryptionKeys.publicJwks(Optional.empty(), Optional.of(DecryptionKeys.parse(
                TestJwe.privateJwks(EC))));
        assertTrue(jwks.contains("\"use\":\"enc\"") && !jwks.contains("\"use\":\"sig\""), jwks);
    }

    @Test
    void toStringWhenKeysThenNoPrivateMaterial() {
        String text = DecryptionKeys.parse(TestJwe.privateJwks(RSA)).toString();
        String d = String.valueOf(RSA.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE).get("d"));
        assertFalse(text.contains(d), text);
    }
}
