package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DevProviderTest {

    @Test
    void issuerWhenStartedThenHttpLoopbackWithPortAndNoTrailingSlash() {
        try (DevProvider op = DevProvider.startDefault()) {
            assertEquals("http://127.0.0.1:" + op.port(), op.issuer());
            assertTrue(op.port() > 0);
        }
    }

    @Test
    void issuerWhenHostLocalhostThenIssuerUsesLocalhost() {
        try (DevProvider op = DevProvider.builder().host("localhost").start()) {
            assertEquals("http://localhost:" + op.port(), op.issuer());
            assertEquals(200, new OpClient(op).get("/.well-known/openid-configuration").statusCode());
        }
    }

    @Test
    void issuerWhenNotStartedThenIllegalState() {
        DevProvider op = DevProvider.builder().build();

        assertThrows(IllegalStateException.class, op::issuer);
    }

    @Test
    void startWhenCalledTwiceThenIllegalState() {
        try (DevProvider op = DevProvider.startDefault()) {
            assertThrows(IllegalStateException.class, op::start);
        }
    }

    @Test
    void closeWhenCalledThenPortIsFreeAgain() throws IOException {
        DevProvider op = DevProvider.startDefault();
        int port = op.port();

        op.close();
        op.close();

        try (ServerSocket socket = new ServerSocket(port, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void startWhenPortTakenThenUncheckedIoException() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
            DevProvider op = DevProvider.builder().port(taken.getLocalPort()).build();

            assertThrows(UncheckedIOException.class, op::start);
        }
    }

    @Test
    void builderWhenAlgorithmUnsupportedThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> DevProvider.builder().signingAlgorithm("none"));
        assertThrows(IllegalArgumentException.class, () -> DevProvider.builder().signingAlgorithm("HS256"));
    }

    @Test
    void builderWhenClientAddedTwiceThenIllegalArgument() {
        DevProvider.Builder builder = DevProvider.builder().client(ClientRegistration.demo());

        assertThrows(IllegalArgumentException.class, () -> builder.client(ClientRegistration.demo()));
    }

    @Test
    void requestWhenPathUnknownThen404() {
        try (DevProvider op = DevProvider.startDefault()) {
            OpClient client = new OpClient(op);

            assertEquals(404, client.get("/nothing").statusCode());
            assertEquals(404, client.get("/jwks/extra").statusCode());
        }
    }

    @Test
    void mainWhenOptionsGivenThenConfiguresHostAndPort() {
        DevProvider.Builder builder = DevProviderMain.configure(new String[] {"--host", "localhost", "--port", "0"});
        try (DevProvider op = builder.build().start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DevProviderMain.describe(op, new PrintStream(out, true, StandardCharsets.UTF_8));

            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("issuer:        http://localhost:" + op.port()), text);
            assertTrue(text.contains("demo-client") && text.contains("demo-secret"), text);
        }
        assertNull(DevProviderMain.configure(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> DevProviderMain.configure(new String[] {"--port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> DevProviderMain.configure(new String[] {"--bogus"}));
    }

    @Test
    void mainWhenRequireSignedRequestObjectWithoutClientJwksThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DevProviderMain.configure(new String[] {"--require-signed-request-object"}, null));
        assertTrue(e.getMessage().contains("--client-jwks"), e.getMessage());
    }

    @Test
    void mainWhenRequireSignedRequestObjectWithClientJwksThenDiscoveryRequiresThemAndPlainRequestsAreRefused() {
        String jwks = ClientAssertions.jwks(ClientAssertions.generateKey("ES256"));
        try (DevProvider op = DevProviderMain.configure(new String[] {"--require-signed-request-object",
                "--client-jwks", jwks}, null).build().start()) {
            OpClient client = new OpClient(op);
            assertEquals(true, OpClient.json(client.get("/.well-known/openid-configuration"))
                    .get("require_signed_request_object"));
            assertEquals("invalid_request", OpClient.responseParams(client.authorize(AuthRequest.valid()))
                    .get("error"));
        }
    }
}
