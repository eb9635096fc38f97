package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientRegistrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/callback", "http://127.0.0.1:1/", "https://localhost:8443/a?b=c"})
    void allowsRedirectUriWhenDemoPrefixMatchesThenTrue(String uri) {
        assertTrue(ClientRegistration.demo().allowsRedirectUri(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/callback", "http://localhost.evil.example:80/",
        "http://localhost:@evil.example/", "http://localhost:8080@evil.example/", "http://localhost:8080/cb#x",
        "ftp://localhost:21/", ""})
    void allowsRedirectUriWhenNotMatchingOrMalformedThenFalse(String uri) {
        assertFalse(ClientRegistration.demo().allowsRedirectUri(uri));
    }

    @Test
    void allowsRedirectUriWhenExactEntryThenOnlyThatUri() {
        ClientRegistration client = new ClientRegistration("c", "s", List.of("https://app.example/cb"));

        assertTrue(client.allowsRedirectUri("https://app.example/cb"));
        assertFalse(client.allowsRedirectUri("https://app.example/cb2"));
        assertFalse(client.allowsRedirectUri("https://app.example/cb?x=1"));
        assertFalse(client.allowsRedirectUri(null));
    }

    @Test
    void withBackchannelLogoutUriWhenValidThenCopyKeepsEverythingElse() {
        ClientRegistration demo = ClientRegistration.demo();

        ClientRegistration withUri = demo.withBackchannelLogoutUri("https://app.example/logout/bc?tenant=1");

        assertNull(demo.backchannelLogoutUri());
        assertEquals("https://app.example/logout/bc?tenant=1", withUri.backchannelLogoutUri());
        assertEquals(demo.clientId(), withUri.clientId());
        assertEquals(demo.clientSecret(), withUri.clientSecret());
        assertEquals(demo.redirectUris(), withUri.redirectUris());
        assertNull(withUri.withBackchannelLogoutUri(null).backchannelLogoutUri());
        assertNull(new ClientRegistration("c", "s", List.of()).backchannelLogoutUri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/logout", "https://app.example/logout#x", "ftp://app.example/logout",
        "https://user@app.example/logout", "http:///logout", "not a uri"})
    void withBackchannelLogoutUriWhenNotAbsoluteHttpWithoutFragmentThenIllegalArgument(String uri) {
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.demo().withBackchannelLogoutUri(uri));
    }

    @Test
    void privateKeyJwtWhenJwksHoldsAPrivateKeyThenIllegalArgument() {
        String withPrivate = ClientAssertions.generateKey("ES256")
                .toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);

        assertThrows(IllegalArgumentException.class,
                () -> ClientRegistration.privateKeyJwt("c", withPrivate, List.of()));
    }

    @Test
    void privateKeyJwtWhenOneJwkThenTakenAsASetWithoutSecret() {
        String jwk = ClientAssertions.jwks(ClientAssertions.generateKey("ES256"));
        String single = jwk.substring("{\"keys\":[".length(), jwk.length() - 2);

        ClientRegistration client = ClientRegistration.privateKeyJwt("c", single, List.of());

        assertEquals(List.of(ClientRegistration.PRIVATE_KEY_JWT), client.authMethods());
        assertNull(client.clientSecret());
        assertEquals(1, ClientRegistration.publicKeys(client.jwks()).size());
    }

    @Test
    void privateKeyJwtWhenNotAJwkSetThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.privateKeyJwt("c", "{\"keys\":[]}", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.privateKeyJwt("c", "nope", List.of()));
    }

    @Test
    void clientSecretJwtWhenSecretShorterThan32BytesThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class,
                () -> ClientRegistration.clientSecretJwt("c", "short-secret", List.of()));
    }

    @Test
    void demoWhenCreatedThenSecretMethodsOnlyAndWithBackchannelKeepsThem() {
        ClientRegistration demo = ClientRegistration.demo();

        assertEquals(List.of("client_secret_basic", "client_secret_post"), demo.authMethods());
        assertNull(demo.jwks());
        ClientRegistration withJwt = demo.withPrivateKeyJwt(ClientAssertions.jwks(ClientAssertions.generateKey("ES256")));
        assertEquals(withJwt.authMethods(), withJwt.withBackchannelLogoutUri("https://app.example/bc").authMethods());
        assertEquals(List.of("client_secret_post"), withJwt.withAuthMethods("client_secret_post").authMethods());
        assertNull(withJwt.withAuthMethods("client_secret_post").jwks());
    }

    @Test
    void withRequireSignedRequestObjectWhenClientHasNoKeysThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ClientRegistration.demo().withRequireSignedRequestObject(true));
    }

    @Test
    void withRequireSignedRequestObjectWhenClientHasKeysThenKeptByOtherWithers() {
        ClientRegistration client = ClientRegistration.privateKeyJwt("c", ClientAssertions.jwks(
                ClientAssertions.generateKey("ES256")), List.of("https://app.example/cb"))
                .withRequireSignedRequestObject(true).withBackchannelLogoutUri("https://app.example/bcl");

        assertTrue(client.requireSignedRequestObject());
        assertFalse(ClientRegistration.demo().requireSignedRequestObject());
    }
}
