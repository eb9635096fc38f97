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
}
