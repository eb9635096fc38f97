package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientKeySettings;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading the configured client keys: files read, then parsed; every failure one message naming the parameter. */
class ClientKeyLoaderTest {

    private static final Path DIR = Path.of("src/test/resources/client-keys").toAbsolutePath();
    private final ClientKeyLoader loader = ClientKeyLoader.fromFileSystem();

    private static OidcConfig.Builder privateKeyJwt() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com/").set(InitParam.CLIENT_ID, "app")
                .set(InitParam.CLIENT_AUTH, "private_key_jwt");
    }

    private static ClientKeySettings settings(OidcConfig.Builder builder) {
        return builder.build().client().keys();
    }

    private String failure(OidcConfig.Builder builder) {
        OidcException e = assertThrows(OidcException.class, () -> loader.load(settings(builder)));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertFalse(e.description().contains("MII"), e.description());
        return e.description();
    }

    @Test
    void loadWhenNoKeyConfiguredThenEmpty() {
        assertEquals(Optional.empty(), loader.load(settings(OidcConfig.builder()
                .set(InitParam.ISSUER, "https://op.example.com/").set(InitParam.CLIENT_ID, "app"))));
    }

    @Test
    void loadWhenFileReferenceThenTheFilesKey() throws Exception {
        ClientKeys keys = loader.load(settings(privateKeyJwt().set(InitParam.CLIENT_KEY, "file:" + DIR.resolve("ec-key.pem"))))
                .orElseThrow();
        assertEquals(ClientKeys.parse(Files.readString(DIR.resolve("ec-key.pem"))).signing().kid(), keys.signing().kid());
    }

    @Test
    void loadWhenInlineWithEscapedLineBreaksThenTheKey() throws Exception {
        String inline = Files.readString(DIR.resolve("rsa-key.pem")).replace("\n", "\\n");
        assertEquals("RSA", loader.load(settings(privateKeyJwt().set(InitParam.CLIENT_KEY, inline))).orElseThrow()
                .signing().type());
    }

    @Test
    void loadWhenCertificateFileThenAttachedToTheSigningKey() {
        ClientKeys keys = loader.load(settings(privateKeyJwt().set(InitParam.CLIENT_KEY, "file:" + DIR.resolve("rsa-key.pem"))
                .set(InitParam.CLIENT_CERTIFICATE, "file:" + DIR.resolve("rsa-cert.pem")))).orElseThrow();
        assertTrue(keys.signing().x5t().isPresent());
    }

    @Test
    void loadWhenKeystoreWithAliasAndPasswordThenThatKey() {
        ClientKeys keys = loader.load(settings(privateKeyJwt().set(InitParam.CLIENT_KEYSTORE, DIR.resolve("two.p12").toString())
                .set(InitParam.CLIENT_KEYSTORE_PASSWORD, "test-password").set(InitParam.CLIENT_KEY_ALIAS, "other")))
                .orElseThrow();
        assertEquals("EC P-256", keys.signing().type());
    }

    @Test
    void loadWhenKeyFileMissingThenOneMessageNamingClientKeyAndThePath() {
        String message = failure(privateKeyJwt().set(InitParam.CLIENT_KEY, "file:/nonexistent/key.pem"));
        assertTrue(message.contains("client-key: the file '/nonexistent/key.pem' cannot be read"), message);
    }

    @Test
    void loadWhenKeyMalformedThenOneMessageNamingClientKey() {
        String message = failure(privateKeyJwt().set(InitParam.CLIENT_KEY,
                "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----"));
        assertTrue(message.startsWith("invalid OIDC filter configuration: client-key is not a PKCS#8"), message);
    }

    @Test
    void loadWhenKeystorePasswordWrongThenOneMessageNamingThePassword() {
        String message = failure(privateKeyJwt().set(InitParam.CLIENT_KEYSTORE, DIR.resolve("one.p12").toString())
                .set(InitParam.CLIENT_KEYSTORE_PASSWORD, "wrong"));
        assertTrue(message.contains("client-keystore-password"), message);
        assertFalse(message.contains("wrong\""), message);
    }

    @Test
    void loadWhenAliasNeededThenOneMessageNamingTheAlias() {
        assertTrue(failure(privateKeyJwt().set(InitParam.CLIENT_KEYSTORE, DIR.resolve("two.p12").toString())
                .set(InitParam.CLIENT_KEYSTORE_PASSWORD, "test-password")).contains("client-key-alias is needed"));
    }

    @Test
    void loadWhenCertificateOfAnotherKeyThenOneMessageNamingTheCertificate() {
        assertTrue(failure(privateKeyJwt().set(InitParam.CLIENT_KEY, "file:" + DIR.resolve("rsa-key.pem"))
                .set(InitParam.CLIENT_CERTIFICATE, "file:" + DIR.resolve("ec-cert.pem")))
                .contains("client-certificate holds a certificate of another key"));
    }

    private static OidcConfig.Builder decrypting(String key) {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com/").set(InitParam.CLIENT_ID, "app")
                .set(InitParam.CLIENT_SECRET, "secret").set(InitParam.ID_TOKEN_DECRYPTION_KEY, key);
    }

    @Test
    void loadDecryptionKeysWhenNotConfiguredThenEmpty() {
        assertEquals(Optional.empty(), loader.loadDecryptionKeys(settings(privateKeyJwt()
                .set(InitParam.CLIENT_KEY, "file:" + DIR.resolve("ec-key.pem"))), Optional.empty()));
    }

    @Test
    void loadDecryptionKeysWhenFileReferenceThenTheFilesKey() {
        assertEquals("RSA", loader.loadDecryptionKeys(settings(decrypting("file:" + DIR.resolve("rsa-key.pem"))),
                Optional.empty()).orElseThrow().all().get(0).type());
    }

    @Test
    void loadDecryptionKeysWhenBadKeyThenOneMessageNamingTheSetting() {
        OidcException e = assertThrows(OidcException.class, () -> loader.loadDecryptionKeys(
                settings(decrypting("-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----")),
                Optional.empty()));
        assertEquals(ErrorCode.INVALID_CONFIGURATION, e.code());
        assertTrue(e.description().startsWith("invalid OIDC filter configuration: id-token-decryption-key "),
                e.description());
        assertFalse(e.description().contains("MII"), e.description());
    }

    @Test
    void loadDecryptionKeysWhenEd25519ThenMessageSaysWhichKeyTypesDecrypt() {
        OidcException e = assertThrows(OidcException.class, () -> loader.loadDecryptionKeys(
                settings(decrypting("file:" + DIR.resolve("ed25519-key.pem"))), Optional.empty()));
        assertTrue(e.description().contains("id-token-decryption-key has key")
                && e.description().contains("RSA-OAEP-256"), e.description());
    }

    @Test
    void loadDecryptionKeysWhenFileMissingThenMessageNamingTheSettingAndPath() {
        OidcException e = assertThrows(OidcException.class, () -> loader.loadDecryptionKeys(
                settings(decrypting("file:/nonexistent/enc.pem")), Optional.empty()));
        assertTrue(e.description().contains("id-token-decryption-key: the file '/nonexistent/enc.pem' cannot be read"),
                e.description());
    }

    @Test
    void loadDecryptionKeysWhenSameKeyAsClientKeyThenRefused() {
        OidcConfig.Builder builder = privateKeyJwt().set(InitParam.CLIENT_KEY, "file:" + DIR.resolve("ec-key.pem"))
                .set(InitParam.ID_TOKEN_DECRYPTION_KEY, "file:" + DIR.resolve("ec-key.pem"));
        OidcException e = assertThrows(OidcException.class, () -> loader.loadDecryptionKeys(settings(builder),
                loader.load(settings(builder))));
        assertTrue(e.description().contains("also a signing key"), e.description());
    }
}
