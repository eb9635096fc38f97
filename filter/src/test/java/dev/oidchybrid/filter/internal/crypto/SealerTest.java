package dev.oidchybrid.filter.internal.crypto;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.keys.AesKey;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealerTest {

    private static final String OLD = "an-old-secret-that-is-long-enough-0000";
    private static final String NEW = "a-new-secret-that-is-long-enough-11111";
    private static final String LABEL = "test/purpose-a/v1";
    private static final String OTHER_LABEL = "test/purpose-b/v1";
    private static final String TEXT = "{\"hello\":\"world\",\"token\":\"secret-token-value\"}";
    private static final int MAX = 10_000;

    private static Sealer sealer(String... secrets) {
        return new Sealer(List.of(secrets), LABEL);
    }

    private static String[] parts(String compact) {
        String[] parts = compact.split("\\.", -1);
        assertEquals(5, parts.length, "compact JWE");
        return parts;
    }

    private static String join(String[] parts) {
        return String.join(".", parts);
    }

    /** Changes one character in the middle of a base64url segment (never only padding bits). */
    private static String flip(String segment) {
        int i = segment.length() / 2;
        char c = segment.charAt(i);
        return segment.substring(0, i) + (c == 'A' ? 'B' : 'A') + segment.substring(i + 1);
    }

    private static String kid(String compact) throws Exception {
        String header = new String(Base64.getUrlDecoder().decode(parts(compact)[0]), StandardCharsets.UTF_8);
        return (String) JsonUtil.parseJson(header).get("kid");
    }

    /** The key the Sealer derives (HMAC-SHA256 over the label, keyed by the secret), to craft JWEs by hand. */
    private static byte[] derivedKey(String secret, String label) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
    }

    private static String derivedKid(byte[] key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 8);
    }

    private static String handMadeJwe(String enc, String zip, String payload) throws Exception {
        byte[] key = derivedKey(OLD, LABEL);
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
        jwe.setEncryptionMethodHeaderParameter(enc);
        jwe.setKeyIdHeaderValue(derivedKid(key));
        if (zip != null) {
            jwe.setCompressionAlgorithmHeaderParameter(zip);
        }
        jwe.setKey(new AesKey(key));
        jwe.setPayload(payload);
        return jwe.getCompactSerialization();
    }

    @Test
    void unsealWhenSealedBySameSecretAndLabelThenSameText() {
        Sealer sealer = sealer(OLD);
        String sealed = sealer.seal(TEXT);
        assertEquals(TEXT, sealer.unseal(sealed, MAX).orElseThrow());
        assertEquals(TEXT, sealer(OLD).unseal(sealed, MAX).orElseThrow(), "another instance with the same secret");
    }

    @Test
    void sealWhenSealedThenCompactJweWithDirAndA256GcmRevealingNothing() throws Exception {
        String sealed = sealer(OLD).seal(TEXT);
        String[] parts = parts(sealed);
        assertEquals("", parts[1], "dir: no encrypted key");
        Object header = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals("dir", ((java.util.Map<?, ?>) header).get("alg"));
        assertEquals("A256GCM", ((java.util.Map<?, ?>) header).get("enc"));
        assertFalse(sealed.contains("secret-token-value") || sealed.contains("hello"));
        assertNotEquals(sealed, sealer(OLD).seal(TEXT), "a fresh IV every time");
    }

    @Test
    void sealDeterministicWhenSameTextThenSameValueThatUnseals() {
        Sealer sealer = sealer(NEW, OLD);
        String sealed = sealer.sealDeterministic(TEXT);
        assertEquals(sealed, sealer(NEW, OLD).sealDeterministic(TEXT), "same text, same secret: same value");
        assertEquals(TEXT, sealer(NEW).unseal(sealed, MAX).orElseThrow());
        assertFalse(sealed.contains("secret-token-value"));
    }

    @Test
    void sealDeterministicWhenTextOrSecretDiffersThenTheIvDiffers() {
        String[] a = parts(sealer(OLD).sealDeterministic(TEXT));
        String[] b = parts(sealer(OLD).sealDeterministic(TEXT + " "));
        String[] c = parts(sealer(NEW).sealDeterministic(TEXT));
        String[] d = parts(new Sealer(List.of(OLD), OTHER_LABEL).sealDeterministic(TEXT));
        assertNotEquals(a[2], b[2], "different texts never share an IV");
        assertNotEquals(a[2], c[2], "the IV key is derived from the secret");
        assertNotEquals(a[2], d[2], "and from the purpose");
    }

    @Test
    void unsealWhenCiphertextTamperedThenEmpty() {
        Sealer sealer = sealer(OLD);
        String[] parts = parts(sealer.seal(TEXT));
        parts[3] = flip(parts[3]);
        assertTrue(sealer.unseal(join(parts), MAX).isEmpty());
    }

    @Test
    void unsealWhenTagTamperedThenEmpty() {
        Sealer sealer = sealer(OLD);
        String[] parts = parts(sealer.seal(TEXT));
        parts[4] = flip(parts[4]);
        assertTrue(sealer.unseal(join(parts), MAX).isEmpty());
    }

    @Test
    void unsealWhenIvTamperedThenEmpty() {
        Sealer sealer = sealer(OLD);
        String[] parts = parts(sealer.seal(TEXT));
        parts[2] = flip(parts[2]);
        assertTrue(sealer.unseal(join(parts), MAX).isEmpty());
    }

    @Test
    void unsealWhenHeaderAlteredThenEmptyBecauseTheHeaderIsAuthenticated() throws Exception {
        Sealer sealer = sealer(OLD);
        String sealed = sealer.seal(TEXT);
        String[] parts = parts(sealed);
        String header = "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"" + kid(sealed) + "\",\"x\":1}";
        parts[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
        assertTrue(sealer.unseal(join(parts), MAX).isEmpty());
    }

    @Test
    void unsealWhenSealedForAnotherPurposeThenEmpty() {
        String forOtherPurpose = new Sealer(List.of(OLD), OTHER_LABEL).seal(TEXT);
        assertTrue(sealer(OLD).unseal(forOtherPurpose, MAX).isEmpty(), "same secret, other label");
        assertTrue(new Sealer(List.of(OLD), OTHER_LABEL).unseal(sealer(OLD).seal(TEXT), MAX).isEmpty(),
                "and the other way round");
    }

    @Test
    void unsealWhenSealedWithOldSecretThenNewAndOldSecretsStillUnseal() {
        String sealedBeforeRotation = sealer(OLD).seal(TEXT);
        assertEquals(TEXT, sealer(NEW, OLD).unseal(sealedBeforeRotation, MAX).orElseThrow());
    }

    @Test
    void sealWhenSeveralSecretsThenTheFirstSealsAndItsKidIsInTheHeader() throws Exception {
        String sealed = sealer(NEW, OLD).seal(TEXT);
        assertEquals(kid(sealer(NEW).seal(TEXT)), kid(sealed));
        assertNotEquals(kid(sealer(OLD).seal(TEXT)), kid(sealed));
        assertEquals(TEXT, sealer(NEW).unseal(sealed, MAX).orElseThrow(), "the new secret alone opens it");
        assertTrue(sealer(OLD).unseal(sealed, MAX).isEmpty(), "the old secret alone does not");
    }

    @Test
    void unsealWhenSealedByUnknownSecretThenEmpty() {
        assertTrue(sealer(OLD).unseal(sealer(NEW).seal(TEXT), MAX).isEmpty());
    }

    @Test
    void unsealWhenKidPointsToAnotherKnownKeyThenEmpty() throws Exception {
        Sealer both = sealer(NEW, OLD);
        String sealed = sealer(NEW).seal(TEXT);
        String[] parts = parts(sealed);
        String header = "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"" + kid(sealer(OLD).seal(TEXT)) + "\"}";
        parts[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
        assertTrue(both.unseal(join(parts), MAX).isEmpty());
    }

    @Test
    void unsealWhenLongerThanMaxLengthThenEmpty() {
        Sealer sealer = sealer(OLD);
        String sealed = sealer.seal(TEXT);
        assertEquals(TEXT, sealer.unseal(sealed, sealed.length()).orElseThrow(), "exactly at the limit");
        assertTrue(sealer.unseal(sealed, sealed.length() - 1).isEmpty());
    }

    @Test
    void unsealWhenHandMadeJweWithoutZipThenUnsealsProvingTheKeyDerivationBelow() throws Exception {
        assertEquals(TEXT, sealer(OLD).unseal(handMadeJwe(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM, null, TEXT),
                MAX).orElseThrow());
    }

    @Test
    void unsealWhenZipHeaderThenEmpty() throws Exception {
        String zipped = handMadeJwe(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM, "DEF", TEXT);
        assertTrue(sealer(OLD).unseal(zipped, MAX).isEmpty());
    }

    @Test
    void unsealWhenOtherContentEncryptionThenEmpty() throws Exception {
        // A128CBC-HS256 also takes a 32-byte key, so only the algorithm constraint stops it
        String cbc = handMadeJwe(ContentEncryptionAlgorithmIdentifiers.AES_128_CBC_HMAC_SHA_256, null, TEXT);
        assertTrue(sealer(OLD).unseal(cbc, MAX).isEmpty());
    }

    @Test
    void unsealWhenGarbageThenEmpty() {
        Sealer sealer = sealer(OLD);
        String validHeader = parts(sealer.seal(TEXT))[0];
        for (String garbage : new String[] {"", "x", "....", "a.b.c.d.e", "%%%.%%%.%%%.%%%.%%%",
                "eyJhbGciOiJub25lIn0.e30.", validHeader + "....", validHeader + ".." + "AAAA" + ".AAAA.AAAA",
                "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoieCJ9....", "A".repeat(5_000), "{\"v\":1}"}) {
            assertEquals(Optional.empty(), sealer.unseal(garbage, MAX), garbage);
        }
        assertEquals(Optional.empty(), sealer.unseal(null, MAX));
    }

    @Test
    void constructorWhenNoSecretThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Sealer(List.of(), LABEL));
    }

    @Test
    void sha256WhenSameInputThenSameBase64UrlDigest() {
        // SHA-256("abc"), FIPS 180-2 test vector, base64url without padding
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", Sealer.sha256("abc"));
        assertEquals(Sealer.sha256("session-id-1"), Sealer.sha256("session-id-1"));
        assertNotEquals(Sealer.sha256("session-id-1"), Sealer.sha256("session-id-2"));
        assertEquals(43, Sealer.sha256("").length());
    }
}
