package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAuthenticationTest {

    private static OidcConfig.Builder config() {
        return OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "app:1 é");
    }

    @Test
    void withSecretWhenBasicThenIdAndSecretFormEncodedBeforeBase64AndNothingInTheForm() {
        ClientAuthentication.Credentials c = ClientAuthentication.withSecret(config()
                .set(InitParam.CLIENT_SECRET, "s+cr%t").set(InitParam.CLIENT_AUTH, "client_secret_basic").build()
                .client()).credentials("https://op.example.com/token", "https://op.example.com");
        String basic = c.headers().get("Authorization");
        assertEquals("app%3A1+%C3%A9:s%2Bcr%25t", new String(Base64.getDecoder().decode(basic.substring(6)),
                StandardCharsets.UTF_8));
        assertEquals(Map.of(), c.params());
    }

    @Test
    void withSecretWhenPostThenIdAndSecretInTheFormOnly() {
        ClientAuthentication.Credentials c = ClientAuthentication.withSecret(config()
                .set(InitParam.CLIENT_SECRET, "s3cret").set(InitParam.CLIENT_AUTH, "client_secret_post").build()
                .client()).credentials("https://op.example.com/token", "https://op.example.com");
        assertEquals(Map.of(), c.headers());
        assertEquals(Map.of("client_id", "app:1 é", "client_secret", "s3cret"), c.params());
    }

    @Test
    void withSecretWhenPublicClientThenClientIdOnly() {
        ClientAuthentication.Credentials c = ClientAuthentication.withSecret(config().build().client())
                .credentials("https://op.example.com/token", "https://op.example.com");
        assertEquals(Map.of(), c.headers());
        assertEquals(Map.of("client_id", "app:1 é"), c.params());
    }
}
