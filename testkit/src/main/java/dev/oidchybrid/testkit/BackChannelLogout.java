package dev.oidchybrid.testkit;

import dev.oidchybrid.testkit.SsoSessionStore.SsoSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends logout tokens to relying parties (OpenID Connect Back-Channel Logout 1.0, 2.5): an HTTP POST of
 * {@code logout_token=<token>} as {@code application/x-www-form-urlencoded}, with the JDK client, HTTP/1.1,
 * redirects not followed, {@value #TIMEOUT_SECONDS} s to connect and {@value #TIMEOUT_SECONDS} s for the answer.
 *
 * <p>When the end-session endpoint ends SSO sessions, {@link #sessionsEnded} sends one logout token (with the
 * user's {@code sub} and the session's {@code sid}) to every client of each session that has a
 * {@linkplain ClientRegistration#backchannelLogoutUri() back-channel logout URI}, one after the other, before the
 * browser gets its answer. A failed delivery (no connection, timeout, a status other than 200) is logged at
 * WARNING on the {@code dev.oidchybrid.testkit} logger and does not stop the logout.
 */
final class BackChannelLogout {

    static final long TIMEOUT_SECONDS = 5;

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.testkit");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .build();

    private final TokenIssuer tokens;
    private final Map<String, ClientRegistration> clients;

    BackChannelLogout(TokenIssuer tokens, Map<String, ClientRegistration> clients) {
        this.tokens = tokens;
        this.clients = Map.copyOf(clients);
    }

    /**
     * POSTs {@code logoutToken} to {@code endpoint}.
     *
     * @return the HTTP status of the answer
     * @throws UncheckedIOException  when the request fails (refused connection, timeout, ...)
     * @throws IllegalStateException when the thread is interrupted while waiting (the interrupt flag is kept)
     */
    static int send(URI endpoint, String logoutToken) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Params.encode(Map.of("logout_token", logoutToken))))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("back-channel logout request to " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a back-channel logout request", e);
        }
    }

    /** Notifies the clients of {@code ended} that have a back-channel logout URI; never throws for delivery. */
    void sessionsEnded(List<SsoSession> ended) {
        for (SsoSession session : ended) {
            for (String clientId : session.clients()) {
                ClientRegistration client = clients.get(clientId);
                if (client == null || client.backchannelLogoutUri() == null) {
                    continue;
                }
                String token = tokens.logoutToken(clientId, session.user().subject(), session.sessionId(), null,
                        null);
                deliver(URI.create(client.backchannelLogoutUri()), token, clientId);
            }
        }
    }

    private static void deliver(URI endpoint, String token, String clientId) {
        try {
            int status = send(endpoint, token);
            if (status != 200) {
                LOG.log(Level.WARNING, "back-channel logout of client " + clientId + " at " + endpoint
                        + " answered " + status);
            }
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "back-channel logout of client " + clientId + " at " + endpoint + " failed", e);
        }
    }
}
