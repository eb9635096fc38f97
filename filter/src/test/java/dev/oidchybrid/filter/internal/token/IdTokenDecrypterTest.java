package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.token.SignedJwtVerifier.Rejected;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestJwe;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.AesKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per rule of {@link IdTokenDecrypter}: what it opens, and every refusal by name. */
class IdTokenDecrypterTest {

    private static final PublicJsonWebKey RSA_1 = TestJwe.rsa("enc-rsa-1");
    private static final PublicJsonWebKey RSA_2 = TestJwe.rsa("enc-rsa-2");
    private static final PublicJsonWebKey EC = TestJwe.ec("enc-ec-1");
    private static final PublicJsonWebKey STRANGER = TestJwe.rsa("enc-rsa-1");
    private static final String SIGNED = TestIdTokens.at(1_800_000_000L).build();

    private static IdTokenDecrypter decrypter(PublicJsonWebKey... keys) {
        return new IdTokenDecrypter(DecryptionKeys.parse(TestJwe.privateJwks(keys)));
    }

    private static String refusal(IdTokenDecrypter decrypter, String token) {
        Rejected e = assertThrows(Rejected.class, () -> decrypter.decrypt(token));
        return e.getMessage();
    }

    @Test
    void decryptWhenRsaOaep256A256GcmThenReturnsSignedToken() throws Rejected {
        assertEquals(SIGNED, decrypter(RSA_1).decrypt(TestJwe.to(RSA_1).encrypt(SIGNED)));
    }

    @Test
    void decryptWhenEcdhEsA256KwThenReturnsSignedToken() throws Rejected {
        assertEquals(SIGNED, decrypter(EC).decrypt(TestJwe.to(EC).encrypt(SIGNED)));
    }

    @Test
    void decryptWhenTokenNotEncryptedThenRefused() {
        assertTrue(refusal(decrypter(RSA_1), SIGNED).contains("is not encrypted"));
    }

    @Test
    void decryptWhenTokenMissingThenRefused() {
        assertEquals("missing", refusal(decrypter(RSA_1), null));
    }

    @Test
    void decryptWhenNotCompactThenRefused() {
        assertTrue(refusal(decrypter(RSA_1), "a.b.c.d").contains("not a compact JWE"));
        assertTrue(refusal(decrypter(RSA_1), "a.b.c.d.e").contains("not a well-formed JWE"));
    }

    @Test
    void decryptWhenAlgRsa1_5ThenRefused() {
        String token = TestJwe.to(RSA_1).alg("RSA1_5").encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("key management algorithm 'RSA1_5'"));
    }

    @Test
    void decryptWhenAlgRsaOaepWithSha1ThenRefused() {
        String token = TestJwe.to(RSA_1).alg("RSA-OAEP").encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("'RSA-OAEP', which is not accepted"));
    }

    @Test
    void decryptWhenAlgEcdhEsDirectThenRefused() {
        String token = TestJwe.to(EC).alg("ECDH-ES").encrypt(SIGNED);
        assertTrue(refusal(decrypter(EC), token).contains("'ECDH-ES', which is not accepted"));
    }

    @Test
    void decryptWhenAlgDirThenRefused() {
        String token = TestJwe.to(RSA_1).alg("dir").key(new AesKey(new byte[32])).encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("'dir', which is not accepted"));
    }

    @Test
    void decryptWhenEncA128CbcHs256ThenRefused() {
        String token = TestJwe.to(RSA_1).enc("A128CBC-HS256").encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("content encryption 'A128CBC-HS256'"));
    }

    @Test
    void decryptWhenEncA128GcmThenRefused() {
        String token = TestJwe.to(RSA_1).enc("A128GCM").encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("content encryption 'A128GCM'"));
    }

    @Test
    void decryptWhenOtherRecipientKeyThenRefused() {
        // same kid as ours, another key: the kid selects our key, which cannot open it
        String token = TestJwe.to(STRANGER).encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("does not decrypt"));
    }

    @Test
    void decryptWhenKidUnknownThenTriesEveryKeyOfTheTypeAndRefuses() {
        String token = TestJwe.to(TestJwe.rsa("theirs")).encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1, RSA_2), token).contains("its kid 'theirs' matches none of the keys"));
    }

    @Test
    void decryptWhenAlgOfAKeyTypeWeDoNotHaveThenRefused() {
        String token = TestJwe.to(EC).encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("no id-token-decryption-key is of its type (EC)"));
    }

    @Test
    void decryptWhenCiphertextTamperedThenRefused() {
        String[] parts = TestJwe.to(RSA_1).encrypt(SIGNED).split("\\.");
        byte[] ciphertext = Base64.getUrlDecoder().decode(parts[3]);
        ciphertext[0] ^= 1;
        parts[3] = Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
        assertTrue(refusal(decrypter(RSA_1), String.join(".", parts)).contains("does not decrypt"));
    }

    @Test
    void decryptWhenProtectedHeaderTamperedThenRefused() {
        String[] parts = TestJwe.to(EC).encrypt(SIGNED).split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        parts[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(
                header.replace("\"cty\":\"JWT\"", "\"cty\":\"jwt\"").getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(decrypter(EC), String.join(".", parts)).contains("does not decrypt"));
    }

    @Test
    void decryptWhenInnerTokenUnsignedThenRefused() {
        String unsigned = b64("{\"alg\":\"none\"}") + "." + SIGNED.split("\\.")[1] + ".";
        String token = TestJwe.to(RSA_1).encrypt(unsigned);
        assertTrue(refusal(decrypter(RSA_1), token).contains("not a signed JWT"));
    }

    @Test
    void decryptWhenInnerAlgNoneWithSignaturePartThenRefused() {
        String token = TestJwe.to(RSA_1).encrypt(b64("{\"alg\":\"none\"}") + "." + SIGNED.split("\\.")[1] + ".AAAA");
        assertTrue(refusal(decrypter(RSA_1), token).contains("not a signed JWT"));
    }

    @Test
    void decryptWhenPayloadIsBareClaimsThenRefused() {
        String token = TestJwe.to(RSA_1).encrypt("{\"iss\":\"https://op.example.com\",\"sub\":\"x\"}");
        assertTrue(refusal(decrypter(RSA_1), token).contains("not a signed JWT"));
    }

    @Test
    void decryptWhenPayloadIsAnotherJweThenRefused() {
        String token = TestJwe.to(RSA_1).encrypt(TestJwe.to(RSA_1).encrypt(SIGNED));
        assertTrue(refusal(decrypter(RSA_1), token).contains("not a signed JWT"));
    }

    @Test
    void decryptWhenCtyOtherThanJwtThenRefused() {
        String token = TestJwe.to(RSA_1).cty("application/json").encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1), token).contains("has cty"));
    }

    @Test
    void decryptWhenCtyAbsentThenReturnsSignedToken() throws Rejected {
        assertEquals(SIGNED, decrypter(RSA_1).decrypt(TestJwe.to(RSA_1).cty(null).encrypt(SIGNED)));
    }

    @Test
    void decryptWhenKidMatchesSecondKeyThenUsesIt() throws Rejected {
        assertEquals(SIGNED, decrypter(RSA_1, RSA_2).decrypt(TestJwe.to(RSA_2).encrypt(SIGNED)));
    }

    @Test
    void decryptWhenKidNamesAnotherOfOurKeysThenOnlyThatKeyIsTried() {
        // encrypted to the second key, but the header names the first: the named key alone is tried
        String token = TestJwe.to(RSA_2).kid(RSA_1.getKeyId()).encrypt(SIGNED);
        assertTrue(refusal(decrypter(RSA_1, RSA_2), token).contains("does not decrypt"));
    }

    @Test
    void decryptWhenNoKidThenTriesEachKeyOfTheType() throws Rejected {
        assertEquals(SIGNED, decrypter(EC, RSA_1, RSA_2).decrypt(TestJwe.to(RSA_2).kid(null).encrypt(SIGNED)));
    }

    @Test
    void decryptWhenRefusedThenReasonHoldsNothingOfTheToken() {
        String token = TestJwe.to(STRANGER).kid("<script>").encrypt(SIGNED);
        String reason = refusal(decrypter(RSA_1), token);
        for (String part : token.split("\\.")) {
            assertFalse(!part.isEmpty() && reason.contains(part), reason);
        }
        assertFalse(reason.contains("<script>"), reason);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
