package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** client-auth's JWT methods and the client key parameters: what each needs, one problem per rule. */
class ClientKeySettingsTest {

    private static final String KEY = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----";
    private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";

    private static OidcConfig.Builder base() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com/").set(InitParam.CLIENT_ID, "app");
    }

    private static OidcConfig.Builder privateKeyJwt() {
        return base().set(InitParam.CLIENT_AUTH, "private_key_jwt").set(InitParam.CLIENT_KEY, KEY);
    }

    private static String problems(OidcConfig.Builder builder) {
        return assertThrows(OidcException.class, builder::build).description();
    }

    @Test
    void privateKeyJwtWhenNoSecretThenThatMethodAndNotAPublicClient() {
        ClientSettings client = privateKeyJwt().build().client();
        assertEquals(ClientAuth.PRIVATE_KEY_JWT, client.clientAuth());
        assertEquals(Optional.empty(), client.clientSecret());
        assertEquals(Optional.of(KEY), client.keys().key());
    }

    @Test
    void privateKeyJwtWhenNoKeyThenProblemNamingClientKey() {
        String problems = problems(base().set(InitParam.CLIENT_AUTH, "private_key_jwt"));
        assertTrue(problems.contains("client-key (or client-keystore) is required with client-auth=private_key_jwt"),
                problems);
    }

    @Test
    void privateKeyJwtWhenKeystoreWithPasswordThenNoKeyNeeded() {
        ClientKeySettings keys = base().set(InitParam.CLIENT_AUTH, "private_key_jwt")
                .set(InitParam.CLIENT_KEYSTORE, "/etc/app/client.p12").set(InitParam.CLIENT_KEYSTORE_PASSWORD, "pw")
                .set(InitParam.CLIENT_KEY_ALIAS, "signing").build().client().keys();
        assertEquals(Optional.of("/etc/app/client.p12"), keys.keystore());
        assertEquals(Optional.of("signing"), keys.keyAlias());
        assertTrue(keys.configured());
    }

    @Test
    void clientKeystoreWhenNoPasswordThenProblem() {
        assertTrue(problems(base().set(InitParam.CLIENT_AUTH, "private_key_jwt")
                .set(InitParam.CLIENT_KEYSTORE, "/etc/app/client.p12"))
                .contains("client-keystore-password is required with client-keystore"));
    }

    @Test
    void clientKeyWhenKeystoreToThenProblem() {
        assertTrue(problems(privateKeyJwt().set(InitParam.CLIENT_KEYSTORE, "/k.p12")
                .set(InitParam.CLIENT_KEYSTORE_PASSWORD, "pw")).contains("set only one"));
    }

    @Test
    void keystoreParametersWhenNoKeystoreThenProblems() {
        String problems = problems(privateKeyJwt().set(InitParam.CLIENT_KEY_ALIAS, "a")
                .set(InitParam.CLIENT_KEYSTORE_PASSWORD, "pw"));
        assertTrue(problems.contains("client-key-alias is set but client-keystore is not"), problems);
        assertTrue(problems.contains("client-keystore-password is set but client-keystore is not"), problems);
    }

    @Test
    void clientCertificateWhenNoKeyThenProblem() {
        assertTrue(problems(base().set(InitParam.CLIENT_SECRET, "s").set(InitParam.CLIENT_CERTIFICATE, "file:/c.pem"))
                .contains("client-certificate is set but client-key is not"));
    }

    @Test
    void fileReferenceWhenWithoutPathThenProblem() {
        assertTrue(problems(base().set(InitParam.CLIENT_AUTH, "private_key_jwt").set(InitParam.CLIENT_KEY, "file:"))
                .contains("'file:' without a path"));
    }

    @Test
    void clientSecretJwtWhenSecretOf32BytesThenThatMethod() {
        assertEquals(ClientAuth.CLIENT_SECRET_JWT, base().set(InitParam.CLIENT_AUTH, "client_secret_jwt")
                .set(InitParam.CLIENT_SECRET, SECRET_32).build().client().clientAuth());
    }

    @Test
    void clientSecretJwtWhenSecretShorterThan32BytesThenProblem() {
        assertTrue(problems(base().set(InitParam.CLIENT_AUTH, "client_secret_jwt")
                .set(InitParam.CLIENT_SECRET, SECRET_32.substring(1)))
                .contains("client-secret must be at least 32 bytes with client-auth=client_secret_jwt"));
    }

    @Test
    void clientSecretJwtWhenNoSecretThenProblemNotAPublicClient() {
        assertTrue(problems(base().set(InitParam.CLIENT_AUTH, "client_secret_jwt"))
                .contains("client-secret is required with client-auth=client_secret_jwt"));
    }

    @Test
    void secretMethodsWhenNoSecretThenStillAPublicClient() {
        assertEquals(ClientAuth.NONE, base().set(InitParam.CLIENT_AUTH, "client_secret_post").build().client()
                .clientAuth());
        assertEquals(ClientAuth.NONE, base().build().client().clientAuth());
    }

    @Test
    void clientAuthWhenUnknownThenProblemListingEveryMethod() {
        assertTrue(problems(base().set(InitParam.CLIENT_SECRET, "s").set(InitParam.CLIENT_AUTH, "tls_client_auth"))
                .contains("client-auth must be client_secret_basic, client_secret_post, client_secret_jwt or "
                        + "private_key_jwt"));
    }

    @Test
    void assertionAudienceWhenUnsetThenTheIssuer() {
        assertEquals(ClientKeySettings.Audience.ISSUER, privateKeyJwt().build().client().keys().audience());
    }

    @Test
    void assertionAudienceWhenTokenEndpointThenThat() {
        assertEquals(ClientKeySettings.Audience.TOKEN_ENDPOINT, privateKeyJwt()
                .set(InitParam.CLIENT_ASSERTION_AUDIENCE, "token-endpoint").build().client().keys().audience());
    }

    @Test
    void assertionAudienceWhenAnythingElseThenProblem() {
        assertTrue(problems(privateKeyJwt().set(InitParam.CLIENT_ASSERTION_AUDIENCE, "https://op.example.com/token"))
                .contains("client-assertion-audience must be issuer or token-endpoint"));
    }

    @Test
    void clientJwksPathWhenUnsetThenNotServed() {
        assertEquals(Optional.empty(), privateKeyJwt().build().client().keys().jwksPath());
    }

    @Test
    void clientJwksPathWhenSetThenThatPath() {
        assertEquals(Optional.of("/.well-known/client-jwks"), privateKeyJwt()
                .set(InitParam.CLIENT_JWKS_PATH, "/.well-known/client-jwks").build().client().keys().jwksPath());
    }

    @Test
    void clientJwksPathWhenNoKeyThenProblem() {
        assertTrue(problems(base().set(InitParam.CLIENT_SECRET, "s").set(InitParam.CLIENT_JWKS_PATH, "/jwks"))
                .contains("client-jwks-path publishes the public keys"));
    }

    @Test
    void clientJwksPathWhenAnotherEndpointsPathOrNotPlainThenProblem() {
        assertTrue(problems(privateKeyJwt().set(InitParam.CLIENT_JWKS_PATH, "/callback"))
                .contains("client-jwks-path must differ from redirect-path"));
        assertTrue(problems(privateKeyJwt().set(InitParam.CLIENT_JWKS_PATH, "/a/../jwks"))
                .contains("client-jwks-path must be a plain path"));
    }

    @Test
    void toStringWhenKeyAndPasswordSetThenNeitherIsShown() {
        String text = privateKeyJwt().build().client().toString() + base().set(InitParam.CLIENT_AUTH, "private_key_jwt")
                .set(InitParam.CLIENT_KEYSTORE, "/k.p12").set(InitParam.CLIENT_KEYSTORE_PASSWORD, "pass-w0rd")
                .build().client();
        assertFalse(text.contains("MIIE") || text.contains("pass-w0rd"), text);
        assertTrue(text.contains("key=(inline)") && text.contains("keystore=/k.p12"), text);
    }

    @Test
    void idTokenDecryptionKeyWhenSetThenKeptAndNeverShown() {
        ClientKeySettings keys = base().set(InitParam.CLIENT_SECRET, "s").set(InitParam.ID_TOKEN_DECRYPTION_KEY, KEY)
                .build().client().keys();
        assertEquals(Optional.of(KEY.strip()), keys.decryptionKey());
        assertTrue(keys.toString().contains("decryptionKey=(inline)") && !keys.toString().contains("MIIE"), keys.toString());
    }

    @Test
    void idTokenDecryptionKeyWhenBearerModeThenProblem() {
        assertTrue(problems(base().set(InitParam.MODE, "bearer").set(InitParam.AUDIENCE, "api")
                .set(InitParam.ID_TOKEN_DECRYPTION_KEY, KEY)).contains("id-token-decryption-key decrypts ID tokens"));
    }

    @Test
    void idTokenDecryptionKeyWhenFileWithoutPathThenProblem() {
        assertTrue(problems(base().set(InitParam.CLIENT_SECRET, "s").set(InitParam.ID_TOKEN_DECRYPTION_KEY, "file:"))
                .contains("'file:' without a path"));
    }

    @Test
    void clientJwksPathWhenOnlyDecryptionKeyThenServed() {
        assertEquals(Optional.of("/jwks"), base().set(InitParam.CLIENT_SECRET, "s")
                .set(InitParam.ID_TOKEN_DECRYPTION_KEY, KEY).set(InitParam.CLIENT_JWKS_PATH, "/jwks").build().client()
                .keys().jwksPath());
    }
}
