package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-Channel Logout 1.0, 2.5 and 2.7: {@link DevProvider#sendBackChannelLogout} and the logout tokens
 * {@code /end_session} sends to the clients of the SSO session it ends.
 */
class BackChannelLogoutTest {

    private static final String OTHER_CLIENT = "other-client";
    private static final String OTHER_SECRET = "other-secret";
    private static final String DEMO_PATH = "/demo/backchannel";
    private static final String OTHER_PATH = "/other/backchannel?tenant=1";

    private static TestRelyingParty rp;
    private static DevProvider op;
    private OpClient client;

    @BeforeAll
    static void start() {
        rp = TestRelyingParty.start();
        op = DevProvider.builder()
                .client(ClientRegistration.demo().withBackchannelLogoutUri(rp.uri(DEMO_PATH).toString()))
                .client(new ClientRegistration(OTHER_CLIENT, OTHER_SECRET, List.of("http://localhost:*"))
                        .withBackchannelLogoutUri(rp.uri(OTHER_PATH).toString()))
                .client(new ClientRegistration("quiet-client", "quiet-secret", List.of("http://localhost:*")))
                .start();
    }

    @AfterAll
    static void stop() {
        op.close();
        rp.close();
    }

    @BeforeEach
    void reset() {
        rp.reset();
        client = new OpClient(op);
    }

    @Test
    void sendBackChannelLogoutWhenRpAcceptsThenPostsTheTokenFormEncodedAndReturns200() {
        String token = op.logoutToken("alice", "sid-1");

        int status = op.sendBackChannelLogout(rp.uri("/direct"), token);

        assertEquals(200, status);
        List<TestRelyingParty.Received> received = rp.received();
        assertEquals(1, received.size());
        assertEquals("POST", received.get(0).method());
        assertEquals("/direct", received.get(0).path());
        assertEquals("application/x-www-form-urlencoded", received.get(0).contentType());
        assertEquals(Map.of("logout_token", token), received.get(0).form());
    }

    @Test
    void sendBackChannelLogoutWhenRpRejectsThenReturnsItsStatus() {
        rp.answer(400);

        assertEquals(400, op.sendBackChannelLogout(rp.uri("/direct"), op.logoutToken("alice", null,
                claims -> claims.setClaim("nonce", "forbidden"))));
    }

    @Test
    void sendBackChannelLogoutWhenNothingListensThenUncheckedIoException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/backchannel");

        assertThrows(UncheckedIOException.class, () -> op.sendBackChannelLogout(closed, "x.y.z"));
    }

    @Test
    void endSessionWhenClientHasBackchannelLogoutUriThenPostsLogoutTokenWithTheIdTokensSid() {
        String idToken = (String) client.signInAndExchange(AuthRequest.valid()).get("id_token");
        TokenVerifier verifier = TokenVerifier.of(op, "RS256", Clock.systemUTC());
        JwtClaims idClaims = verifier.verify(idToken, DevProvider.DEMO_CLIENT_ID);
        assertNotNull(idClaims.getClaimValue("sid"));

        HttpResponse<String> response = client.get("/end_session", Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", "http://localhost:8080/bye"));

        assertEquals(302, response.statusCode());
        assertEquals(List.of(), rp.received(pathOnly(OTHER_PATH)), "other-client never signed in here");
        List<TestRelyingParty.Received> received = rp.received(DEMO_PATH);
        assertEquals(1, received.size());
        assertEquals("POST", received.get(0).method());
        assertEquals("application/x-www-form-urlencoded", received.get(0).contentType());
        JwtClaims logout = verifier.logoutToken(received.get(0).logoutToken(), DevProvider.DEMO_CLIENT_ID)
                .getJwtClaims();
        assertEquals(idClaims.getClaimValue("sid"), logout.getClaimValue("sid"));
        assertEquals(DemoUser.alice().subject(), logout.getClaimValue("sub"));
        assertEquals(idClaims.getClaimValue("sub"), logout.getClaimValue("sub"));
        assertTrue(logout.hasClaim("events"));
        assertFalse(logout.hasClaim("nonce"));
    }

    @Test
    void endSessionWhenTwoClientsSignedInThenEachGetsItsOwnLogoutTokenForTheSameSid() {
        Map<String, Object> tokens = client.signInAndExchange(AuthRequest.valid());
        AuthRequest other = AuthRequest.valid().with("client_id", OTHER_CLIENT).with("response_type", "code id_token");
        Map<String, String> otherResponse = OpClient.responseParams(client.authorize(other)); // SSO: no login page
        TokenVerifier verifier = TokenVerifier.of(op, "RS256", Clock.systemUTC());
        Object sid = verifier.verify((String) tokens.get("id_token"), DevProvider.DEMO_CLIENT_ID).getClaimValue("sid");
        assertEquals(sid, verifier.verify(otherResponse.get("id_token"), OTHER_CLIENT).getClaimValue("sid"));
        Map<String, Object> refreshed = OpClient.json(client.refresh((String) tokens.get("refresh_token"), null));
        assertEquals(sid, verifier.verify((String) refreshed.get("id_token"), DevProvider.DEMO_CLIENT_ID)
                .getClaimValue("sid"));

        assertEquals(200, client.get("/end_session").statusCode());

        List<TestRelyingParty.Received> demo = rp.received(DEMO_PATH);
        List<TestRelyingParty.Received> otherRp = rp.received(pathOnly(OTHER_PATH));
        assertEquals(1, demo.size());
        assertEquals(1, otherRp.size());
        assertEquals(sid, verifier.logoutToken(demo.get(0).logoutToken(), DevProvider.DEMO_CLIENT_ID)
                .getJwtClaims().getClaimValue("sid"));
        assertEquals(sid, verifier.logoutToken(otherRp.get(0).logoutToken(), OTHER_CLIENT)
                .getJwtClaims().getClaimValue("sid"));
        assertEquals(2, rp.received().size());
    }

    @Test
    void endSessionWhenNoSsoSessionThenNoLogoutTokenIsSent() {
        client.signIn(AuthRequest.valid());
        client.forgetCookies();

        assertEquals(200, client.get("/end_session").statusCode());

        assertEquals(List.of(), rp.received());
    }

    @Test
    void endSessionWhenOnlyClientsWithoutBackchannelUriSignedInThenNothingIsSent() {
        Map<String, String> response = client.signIn(AuthRequest.valid().with("client_id", "quiet-client"));
        assertNotNull(response.get("code"));

        assertEquals(200, client.get("/end_session").statusCode());

        assertEquals(List.of(), rp.received());
    }

    @Test
    void endSessionWhenRpAnswersErrorThenLogoutStillCompletes() {
        rp.answer(500);
        client.signIn(AuthRequest.valid());

        HttpResponse<String> response = client.get("/end_session", Map.of("client_id", DevProvider.DEMO_CLIENT_ID,
                "post_logout_redirect_uri", "http://localhost:8080/bye"));

        assertEquals(302, response.statusCode());
        assertEquals(1, rp.received(DEMO_PATH).size());
        Map<String, String> params = OpClient.responseParams(client.authorize(AuthRequest.valid().with("prompt", "none")));
        assertEquals("login_required", params.get("error"));
    }

    @Test
    void endSessionWhenHintIsALogoutTokenThen400AndNothingSent() {
        client.signIn(AuthRequest.valid());

        HttpResponse<String> response = client.get("/end_session", Map.of("id_token_hint",
                op.logoutToken(DemoUser.alice().subject(), "sid")));

        assertEquals(400, response.statusCode());
        assertEquals(List.of(), rp.received());
    }

    private static String pathOnly(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }
}
