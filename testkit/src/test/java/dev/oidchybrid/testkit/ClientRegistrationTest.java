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
}
