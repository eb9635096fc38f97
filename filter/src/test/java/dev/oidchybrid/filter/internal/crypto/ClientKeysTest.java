package dev.oidchybrid.filter.internal.crypto;

import dev.oidchybrid.filter.internal.crypto.ClientKeyException.Input;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.X509Util;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing the client's signing keys: every accepted form, and every refused one with its message. */
class ClientKeysTest {

    static final Path DIR = Path.of("src/test/resources/client-keys");

    static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String thumbprint(java.security.PublicKey key) throws Exception {
        return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }

    private static ClientKeyException refused(String text) {
        return assertThrows(ClientKeyException.class, () -> ClientKeys.parse(text));
    }

    @Test
    void parseWhenPkcs8RsaPemThenRsaKeyWhoseKidIsItsRfc7638Thumbprint() throws Exception {
        ClientKey key = ClientKeys.parse(read("rsa-key.pem")).signing();
        assertEquals("RSA", key.type());
        assertEquals(thumbprint(key.publicKey()), key.kid());
        assertEquals(43, key.kid().length());
        assertEquals(Optional.empty(), key.certificate());
    }

    @Test
    void parseWhenPkcs8EcPemThenP256Key() {
        ClientKey key = ClientKeys.parse(read("ec-key.pem")).signing();
        assertEquals("EC P-256", key.type());
        assertEquals(List.of("ES256"), key.algorithms());
    }

    @Test
    void parseWhenEcPkcs8WithoutItsPublicPointThenThePublicKeyIsDerived() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 4; i++) { // both signs of y come up
            KeyPair pair = generator.generateKeyPair();
            ClientKey key = ClientKeys.parse(pem(pair.getPrivate())).signing();
            assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
        }
    }

    @Test
    void parseWhenEd25519PemThenEdDsaKeyWithItsPublicKeyDerived() throws Exception {
        assertEquals("Ed25519", ClientKeys.parse(read("ed25519-key.pem")).signing().type());
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ClientKey key = ClientKeys.parse(pem(pair.getPrivate())).signing();
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
        assertEquals(List.of("EdDSA"), key.algorithms());
    }

    @Test
    void parseWhenLineBreaksAreEscapedAsInAnEnvironmentVariableThenTheSameKey() {
        String pem = read("rsa-key.pem");
        String kid = ClientKeys.parse(pem).signing().kid();
        assertEquals(kid, ClientKeys.parse(pem.replace("\n", "\\n")).signing().kid());
        assertEquals(kid, ClientKeys.parse(pem.replace("\n", " ")).signing().kid());
        assertEquals(kid, ClientKeys.parse(pem.replace("\n", "\r\n")).signing().kid());
    }

    @Test
    void parseWhenSeveralPemKeysThenTheFirstSignsAndAllArePublished() {
        ClientKeys keys = ClientKeys.parse(read("ec-key.pem") + read("rsa-key.pem"));
        assertEquals("EC P-256", keys.signing().type());
        assertEquals(2, keys.all().size());
        assertEquals(2, ((List<?>) parseJson(keys.publicJwks()).get("keys")).size());
    }

    @Test
    void parseWhenPemHoldsTheCertificateTooThenItBelongsToTheFirstKey() {
        ClientKey key = ClientKeys.parse(read("rsa-key.pem") + read("rsa-cert.pem")).signing();
        assertTrue(key.certificate().isPresent());
    }

    @Test
    void parseWhenJwkWithPrivatePartsThenItsOwnKidAndAlgorithmAreKept() throws Exception {
        RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
        jwk.setKeyId("my-key");
        jwk.setAlgorithm("RS256");
        ClientKey key = ClientKeys.parse(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)).signing();
        assertEquals("my-key", key.kid());
        assertEquals(Optional.of("RS256"), key.signingAlgorithm(List.of("PS256", "RS256")));
    }

    @Test
    void parseWhenJwkWithoutKidThenTheThumbprint() throws Exception {
        EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ClientKey key = ClientKeys.parse(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)).signing();
        assertEquals(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), key.kid());
    }

    @Test
    void parseWhenJwkSetThenTheFirstSignsSoKeysCanRotate() throws Exception {
        EllipticCurveJsonWebKey next = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        next.setKeyId("next");
        RsaJsonWebKey old = RsaJwkGenerator.generateJwk(2048);
        old.setKeyId("old");
        ClientKeys keys = ClientKeys.parse(new JsonWebKeySet(next, old)
                .toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        assertEquals("next", keys.signing().kid());
        assertEquals(List.of("next", "old"), keys.all().stream().map(ClientKey::kid).toList());
    }

    @Test
    void publicJwksWhenPublishedThenNoPrivatePartEver() throws Exception {
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        ClientKeys keys = ClientKeys.parse(new JsonWebKeySet(ec, rsa).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        String ed = read("ed25519-key.pem");
        String published = keys.publicJwks() + ClientKeys.parse(ed).publicJwks()
                + ClientKeys.parse(read("rsa-key.pem") + read("rsa-cert.pem")).publicJwks();
        for (String jwks : List.of(keys.publicJwks(), ClientKeys.parse(ed).publicJwks(),
                ClientKeys.parse(read("rsa-key.pem") + read("rsa-cert.pem")).publicJwks())) {
            for (Object entry : (List<?>) parseJson(jwks).get("keys")) {
                Map<?, ?> jwk = (Map<?, ?>) entry;
                for (String part : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
                    assertFalse(jwk.containsKey(part), part + " published in " + jwk);
                }
                assertEquals("sig", jwk.get("use"));
                assertTrue(jwk.containsKey("kid"));
            }
        }
        assertFalse(published.contains(rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)
                .replaceAll(".*\"d\":\"([^\"]+)\".*", "$1")));
    }

    @Test
    void publicJwksWhenTheKeyHasACertificateThenItsSha256Thumbprint() {
        ClientKeys keys = ClientKeys.parse(read("rsa-key.pem")).withCertificate(read("rsa-cert.pem"));
        Map<?, ?> jwk = (Map<?, ?>) ((List<?>) parseJson(keys.publicJwks()).get("keys")).get(0);
        assertEquals(keys.signing().x5tS256().orElseThrow(), jwk.get("x5t#S256"));
    }

    @Test
    void withCertificateWhenItIsTheKeysThenBothThumbprints() throws Exception {
        ClientKey key = ClientKeys.parse(read("rsa-key.pem").replace("\n", "\\n"))
                .withCertificate(read("rsa-cert.pem").replace("\n", "\\n")).signing();
        java.security.cert.X509Certificate cert = key.certificate().orElseThrow();
        assertEquals(X509Util.x5tS256(cert), key.x5tS256().orElseThrow());
        assertEquals(X509Util.x5t(cert), key.x5t().orElseThrow());
        assertEquals(27, key.x5t().orElseThrow().length()); // SHA-1, base64url
    }

    @Test
    void withCertificateWhenItIsAnotherKeysThenRefused() {
        ClientKeys keys = ClientKeys.parse(read("rsa-key.pem"));
        ClientKeyException e = assertThrows(ClientKeyException.class, () -> keys.withCertificate(read("ec-cert.pem")));
        assertEquals(Input.CERTIFICATE, e.input());
        assertTrue(e.getMessage().contains("another key"), e.getMessage());
    }

    @Test
    void withCertificateWhenNotACertificateThenRefused() {
        ClientKeys keys = ClientKeys.parse(read("rsa-key.pem"));
        assertEquals(Input.CERTIFICATE, assertThrows(ClientKeyException.class,
                () -> keys.withCertificate(read("rsa-key.pem"))).input());
        assertEquals(Input.CERTIFICATE, assertThrows(ClientKeyException.class,
                () -> keys.withCertificate("not a certificate")).input());
    }

    @Test
    void parseWhenPublicPemThenRefusedAsPublicOnly() {
        assertTrue(refused(read("rsa-public.pem")).getMessage().contains("public key"));
    }

    @Test
    void parseWhenPublicJwkThenRefusedAsPublicOnly() throws Exception {
        RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
        assertTrue(refused(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)).getMessage()
                .contains("without its private part"));
        assertTrue(refused(new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)).getMessage()
                .contains("without its private part"));
    }

    @Test
    void parseWhenJwkAlgDoesNotFitTheKeyTypeThenRefusedNamingTheKeysOwn() throws Exception {
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-1");
        ec.setAlgorithm("RS256");
        String message = refused(ec.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)).getMessage();
        assertTrue(message.contains("key 'ec-1' whose alg 'RS256' is not a signature algorithm of its EC P-256 key"),
                message);
        assertTrue(message.contains("ES256"), message);
        EllipticCurveJsonWebKey p384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
        p384.setAlgorithm("ES256");
        refused(p384.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setAlgorithm("HS256");
        assertTrue(refused(rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)).getMessage().contains("PS256"));
        rsa.setAlgorithm("PS384");
        assertEquals(List.of("PS384"), ClientKeys.parse(rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE))
                .signing().algorithms(), "an alg of the key's own type is kept");
    }

    @Test
    void parseWhenSymmetricJwkThenRefused() {
        OctetSequenceJsonWebKey jwk = new OctetSequenceJsonWebKey(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"));
        assertTrue(refused(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC)).getMessage()
                .contains("symmetric"));
    }

    @Test
    void parseWhenJwkHalvesDoNotBelongTogetherThenRefused() throws Exception {
        Map<String, Object> mine = new java.util.LinkedHashMap<>(JsonUtil.parseJson(RsaJwkGenerator.generateJwk(2048)
                .toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)));
        Map<String, Object> other = JsonUtil.parseJson(RsaJwkGenerator.generateJwk(2048)
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        mine.put("n", other.get("n"));
        refused(JsonUtil.toJson(mine));
    }

    @Test
    void parseWhenPkcs1OrSec1PemThenRefusedWithTheConversionCommand() {
        assertTrue(refused(read("rsa-key-pkcs1.pem")).getMessage().contains("openssl pkcs8 -topk8"));
    }

    @Test
    void parseWhenEncryptedPemThenRefused() {
        assertTrue(refused(read("ec-key-encrypted.pem")).getMessage().contains("encrypted"));
    }

    @Test
    void parseWhenRsaKeyShorterThan2048BitsThenRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        assertTrue(refused(pem(generator.generateKeyPair().getPrivate())).getMessage().contains("2048"));
    }

    @Test
    void parseWhenMalformedThenRefusedWithoutEchoingTheInput() {
        String pem = read("rsa-key.pem");
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf('\n') + 41);
        for (String bad : List.of("", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "-----BEGIN PRIVATE KEY-----\n" + body,
                "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\n" + body + "!!\n-----END PRIVATE KEY-----",
                "{\"kty\":\"RSA\",\"n\":\"" + body + "\"", "{\"kty\":\"RSA\",\"n\":\"" + body + "\"}")) {
            ClientKeyException e = refused(bad);
            assertEquals(Input.KEY, e.input());
            assertFalse(e.getMessage().contains(body.substring(10, 30)), e.getMessage());
        }
    }

    @Test
    void fromPkcs12WhenOneKeyThenItAndItsCertificateWithoutAnAlias() {
        ClientKey key = KeyStoreKeys.fromPkcs12(bytes("one.p12"), "test-password".toCharArray(), Optional.empty())
                .signing();
        assertEquals("RSA", key.type());
        assertEquals(ClientKeys.parse(read("rsa-key.pem")).signing().kid(), key.kid());
        assertTrue(key.x5t().isPresent());
    }

    @Test
    void fromPkcs12WhenAliasGivenThenThatKey() {
        ClientKey key = KeyStoreKeys.fromPkcs12(bytes("two.p12"), "test-password".toCharArray(), Optional.of("other"))
                .signing();
        assertEquals("EC P-256", key.type());
    }

    @Test
    void fromPkcs12WhenSeveralKeysAndNoAliasThenRefusedNamingThem() {
        ClientKeyException e = assertThrows(ClientKeyException.class, () -> KeyStoreKeys.fromPkcs12(bytes("two.p12"),
                "test-password".toCharArray(), Optional.empty()));
        assertEquals(Input.KEY_ALIAS, e.input());
        assertTrue(e.getMessage().contains("[other, signing]"), e.getMessage());
    }

    @Test
    void fromPkcs12WhenAliasUnknownThenRefused() {
        assertEquals(Input.KEY_ALIAS, assertThrows(ClientKeyException.class, () -> KeyStoreKeys.fromPkcs12(
                bytes("two.p12"), "test-password".toCharArray(), Optional.of("nope"))).input());
    }

    @Test
    void fromPkcs12WhenPasswordWrongThenRefusedAsThePassword() {
        ClientKeyException e = assertThrows(ClientKeyException.class, () -> KeyStoreKeys.fromPkcs12(bytes("one.p12"),
                "wrong".toCharArray(), Optional.empty()));
        assertEquals(Input.KEYSTORE_PASSWORD, e.input());
    }

    @Test
    void fromPkcs12WhenNotAKeyStoreThenRefused() {
        assertEquals(Input.KEYSTORE, assertThrows(ClientKeyException.class, () -> KeyStoreKeys.fromPkcs12(
                bytes("rsa-key.pem"), "test-password".toCharArray(), Optional.empty())).input());
    }

    @Test
    void signingAlgorithmWhenRsaThenPs256IfListedElseRs256AndRs256WhenNothingIsListed() {
        ClientKey rsa = ClientKeys.parse(read("rsa-key.pem")).signing();
        assertEquals(Optional.of("PS256"), rsa.signingAlgorithm(List.of("RS256", "PS256")));
        assertEquals(Optional.of("RS256"), rsa.signingAlgorithm(List.of("RS256", "ES256")));
        assertEquals(Optional.of("RS256"), rsa.signingAlgorithm(List.of()));
        assertEquals(Optional.empty(), rsa.signingAlgorithm(List.of("ES256", "HS256")));
    }

    @Test
    void signingAlgorithmWhenEcOrEdThenTheirOwnOnlyIfListed() {
        ClientKey ec = ClientKeys.parse(read("ec-key.pem")).signing();
        ClientKey ed = ClientKeys.parse(read("ed25519-key.pem")).signing();
        assertEquals(Optional.of("ES256"), ec.signingAlgorithm(List.of("RS256", "ES256")));
        assertEquals(Optional.empty(), ec.signingAlgorithm(List.of("RS256", "PS256")));
        assertEquals(Optional.of("ES256"), ec.signingAlgorithm(List.of()));
        assertEquals(Optional.of("EdDSA"), ed.signingAlgorithm(List.of("EdDSA", "RS256")));
        assertEquals(Optional.empty(), ed.signingAlgorithm(List.of("ES256")));
    }

    @Test
    void toStringWhenLoggedThenNoKeyMaterial() {
        ClientKeys keys = ClientKeys.parse(read("rsa-key.pem"));
        String text = keys.toString();
        assertTrue(text.contains(keys.signing().kid()));
        assertFalse(text.contains("modulus") || text.contains("private exponent"), text);
    }

    private static Map<String, Object> parseJson(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (org.jose4j.lang.JoseException e) {
            throw new AssertionError(e);
        }
    }
}
