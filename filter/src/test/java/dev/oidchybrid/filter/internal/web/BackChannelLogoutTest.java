package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.SignatureFault;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OpenID Connect Back-Channel Logout 1.0 end to end: the development provider signs logout tokens and POSTs
 * them to the filter; a valid one ends the matching sessions, every invalid one is a 400 that ends nothing.
 */
class BackChannelLogoutTest {

    @RegisterExtension
    static final DevProviderFixture op = DevProviderFixture.defaults();
    private DevProvider provider;
    private FilterHarness app;
    private Browser alice;
    private String aliceSid;

    @BeforeEach
    void loginAlice() throws Exception {
        provider = op.devProvider();
        app = new FilterHarness(Map.of(), op.environment());
        alice = new Browser();
        alice.submit(alice.signInAtProvider(alice.navigate(app.url("/x")), "alice", "alice-password"));
        assertEquals(200, alice.navigate(app.url("/x")).statusCode());
        aliceSid = sidOf(alice);
    }

    @AfterEach
    void stopApp() throws Exception {
        app.close();
    }

    /** The sid of the browser's login, read from the ID token the filter hands on (see FilterHarness). */
    private String sidOf(Browser browser) {
        String body = browser.navigate(app.url("/x?sid")).body();
        return body.lines().filter(l -> l.startsWith("sid=")).map(l -> l.substring(4)).findFirst().orElseThrow();
    }

    private int send(String logoutToken) {
        LogSafety.secret(logoutToken);
        return provider.sendBackChannelLogout(URI.create(app.url("/backchannel-logout")), logoutToken);
    }

    private boolean loggedIn(Browser browser) {
        return browser.navigate(app.url("/x")).statusCode() == 200;
    }

    private void assertRefusedAndNothingEnds(String logoutToken) {
        assertEquals(400, send(logoutToken));
        assertEquals(true, loggedIn(alice), "an invalid logout token ends no session");
    }

    private String token(Consumer<JwtClaims> change) {
        return provider.logoutToken("alice-0001", aliceSid, change);
    }

    @Test
    void backchannelLogoutWhenValidSidThenThatSessionEnds() {
        assertEquals(200, send(provider.logoutToken("alice-0001", aliceSid)));
        assertEquals(false, loggedIn(alice));
    }

    @Test
    void backchannelLogoutWhenSubjectOnlyThenEverySessionOfThatUserEnds() throws Exception {
        Browser secondDevice = new Browser();
        secondDevice.submit(secondDevice.signInAtProvider(secondDevice.navigate(app.url("/x")), "alice",
                "alice-password"));
        Browser bob = new Browser();
        bob.submit(bob.signInAtProvider(bob.navigate(app.url("/x")), "bob", "bob-password"));
        assertEquals(200, send(provider.logoutToken("alice-0001", null)));
        assertEquals(false, loggedIn(alice));
        assertEquals(false, loggedIn(secondDevice));
        assertEquals(true, loggedIn(bob), "other users keep their sessions");
    }

    @Test
    void backchannelLogoutWhenSidOfAnotherSessionThenThisOneStays() {
        assertEquals(200, send(provider.logoutToken("alice-0001", "some-other-provider-session")));
        assertEquals(true, loggedIn(alice));
    }

    @Test
    void backchannelLogoutWhenJtiReplayedThen400() {
        String token = provider.logoutToken(null, "another-sid");
        assertEquals(200, send(token));
        assertEquals(400, send(token));
    }

    @Test
    void backchannelLogoutWhenSignatureInvalidThen400() {
        assertRefusedAndNothingEnds(provider.logoutToken("alice-0001", aliceSid, c -> { }, SignatureFault.CORRUPT_SIGNATURE));
        assertRefusedAndNothingEnds(provider.logoutToken("alice-0001", aliceSid, c -> { }, SignatureFault.FOREIGN_KEY));
        assertRefusedAndNothingEnds(provider.logoutToken("alice-0001", aliceSid, c -> { }, SignatureFault.ALG_NONE));
    }

    @Test
    void backchannelLogoutWhenIssuerDiffersThen400() {
        assertRefusedAndNothingEnds(token(c -> c.setIssuer("https://evil.example.com")));
    }

    @Test
    void backchannelLogoutWhenAudienceIsAnotherClientThen400() {
        assertRefusedAndNothingEnds(token(c -> c.setAudience("another-client")));
    }

    @Test
    void backchannelLogoutWhenIatMissingOrStaleThen400() {
        assertRefusedAndNothingEnds(token(c -> c.unsetClaim("iat")));
        assertRefusedAndNothingEnds(token(c -> {
            c.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
            c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 60));
        }));
    }

    @Test
    void backchannelLogoutWhenExpMissingOrPastThen400() {
        // Back-Channel Logout 1.0 §2.4: exp is required
        assertRefusedAndNothingEnds(token(c -> c.unsetClaim("exp")));
        assertRefusedAndNothingEnds(token(c -> c.setExpirationTime(
                NumericDate.fromSeconds(NumericDate.now().getValue() - 3600))));
    }

    @Test
    void backchannelLogoutWhenJtiMissingThen400() {
        assertRefusedAndNothingEnds(token(c -> c.unsetClaim("jti")));
    }

    @Test
    void backchannelLogoutWhenEventsMissingOrWrongThen400() {
        assertRefusedAndNothingEnds(token(c -> c.unsetClaim("events")));
        assertRefusedAndNothingEnds(token(c -> c.setClaim("events", Map.of("http://example.com/other-event", Map.of()))));
    }

    @Test
    void backchannelLogoutWhenNeitherSidNorSubThen400() {
        assertRefusedAndNothingEnds(token(c -> {
            c.unsetClaim("sid");
            c.unsetClaim("sub");
        }));
    }

    @Test
    void backchannelLogoutWhenNoncePresentThen400() {
        assertRefusedAndNothingEnds(token(c -> c.setClaim("nonce", "n-0123456789")));
    }

    @Test
    void backchannelLogoutWhenAnIdTokenIsSentInsteadThen400() {
        String idToken = alice.navigate(app.url("/x?idtoken")).body().lines().filter(l -> l.startsWith("rawIdToken="))
                .map(l -> l.substring(11)).findFirst().orElseThrow();
        assertRefusedAndNothingEnds(idToken);
    }

    @Test
    void backchannelLogoutWhenNotAFormPostThen400() {
        assertEquals(400, new Browser().get(app.url("/backchannel-logout?logout_token=x")).statusCode());
        assertEquals(400, new Browser().postRaw(app.url("/backchannel-logout"), "application/json",
                "{\"logout_token\":\"x\"}").statusCode());
        assertEquals(List.of(true), List.of(loggedIn(alice)));
    }
}
