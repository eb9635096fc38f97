package dev.oidchybrid.benchmarks;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.token.JerseyTokenClient;
import dev.oidchybrid.filter.internal.token.TokenResponse;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.CommonProperties;
import org.jose4j.json.JsonUtil;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a hybrid login with a client secret: two RS256 signature checks of the provider's ID tokens and one
 * token request ({@code client_secret_basic}), in which the provider signs an access token and an ID token, as for
 * the filter's code exchange. Client, scope and audience are the filter's. Beside it, for comparison, the same
 * token request through the filter's own token client (Jersey).
 */
final class SecretLoginFloor extends LoginFloor {

    private final String basicAuth;
    private final Client jersey;
    private final JerseyTokenClient filterTokenClient;
    private String refreshToken;
    private String idToken;
    private long tokenNanos;
    private long tokenRequests;
    private long filterClientNanos;
    private long filterClientRequests;

    SecretLoginFloor(AppUnderTest app, HttpClient http) throws Exception {
        super(app, http);
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (DevProvider.DEMO_CLIENT_ID + ":" + DevProvider.DEMO_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        // as the filter builds its client (ProviderClients): no entity providers for types it never reads
        this.jersey = ClientBuilder.newBuilder().property(CommonProperties.PROVIDER_DEFAULT_DISABLE,
                "DATASOURCE,DOMSOURCE,RENDEREDIMAGE,SAXSOURCE,SOURCE").build();
        this.filterTokenClient = new JerseyTokenClient(new ProviderHttp(jersey),
                OidcConfig.builder()
                        .set(InitParam.ISSUER, app.provider.issuer())
                        .set(InitParam.CLIENT_ID, DevProvider.DEMO_CLIENT_ID)
                        .set(InitParam.CLIENT_SECRET, DevProvider.DEMO_CLIENT_SECRET)
                        .build().client());
        signIn();
    }

    /** One login at the provider (login page, form_post answer, code exchange) for the first refresh token. */
    private void signIn() throws Exception {
        String verifier = random();
        Map<String, String> answer = signIn(app.provider.issuer() + "/authorize?"
                + ScriptedBrowser.formBody(authorizationParams(DevProvider.DEMO_CLIENT_ID, verifier)));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", answer.get("code"));
        form.put("redirect_uri", app.callbackUrl());
        form.put("code_verifier", verifier);
        tokenRequest(form);
        if (refreshToken == null) {
            throw new IllegalStateException("floor: no refresh token (scope needs offline_access)");
        }
    }

    @Override
    LoginRun.Round probe(int seconds) throws Exception {
        long budget = TimeUnit.SECONDS.toNanos(seconds);
        long timed = 0;
        long count = 0;
        while (timed < budget) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", refreshToken);
            long start = System.nanoTime();
            verify(idToken);
            long afterFirst = System.nanoTime();
            tokenRequest(form);
            long afterToken = System.nanoTime();
            verify(idToken);
            long end = System.nanoTime();
            tokenNanos += afterToken - afterFirst;
            tokenRequests++;
            timed += end - start;
            count++;
        }
        return new LoginRun.Round(count, timed);
    }

    /**
     * The same token request through the filter's own token client (Jersey, as the callback sends it) for
     * {@code seconds}; not part of the floor, to compare with the plain JDK HTTP client.
     */
    @Override
    void alongside(int seconds) {
        long budget = TimeUnit.SECONDS.toNanos(seconds);
        long timed = 0;
        while (timed < budget) {
            long start = System.nanoTime();
            TokenResponse response = filterTokenClient.refresh(app.provider.issuer() + "/token", refreshToken, null,
                    null);
            long took = System.nanoTime() - start;
            if (response.idToken() == null || response.refreshToken() == null) {
                throw new IllegalStateException("floor: the filter's token client got no ID or refresh token");
            }
            refreshToken = response.refreshToken();
            idToken = response.idToken();
            timed += took;
            filterClientNanos += took;
            filterClientRequests++;
        }
    }

    @Override
    void reset() {
        super.reset();
        tokenNanos = 0;
        tokenRequests = 0;
        filterClientNanos = 0;
        filterClientRequests = 0;
    }

    @Override
    String contents() {
        return "2 RS256 checks + 1 loopback token request";
    }

    @Override
    String summary(double millis) {
        return Report.f2(millis) + " ms (RS256 check " + Report.f0(verifyMicros()) + " µs each, token request "
                + Report.f2(tokenRequestMillis()) + " ms)";
    }

    @Override
    List<String> partRows() {
        return List.of(
                "| floor: two RS256 checks | " + Report.f2(2 * verifyMicros() / 1000) + " |",
                "| floor: one token request (provider: 2 RS256 signatures; a refresh grant), JDK HTTP client | "
                        + Report.f2(tokenRequestMillis()) + " |",
                "| the same token request through the filter's token client (Jersey), for comparison | "
                        + Report.f2(filterClientNanos / 1e6 / filterClientRequests) + " |");
    }

    @Override
    public void close() {
        jersey.close();
    }

    private double tokenRequestMillis() {
        return tokenNanos / 1e6 / tokenRequests;
    }

    /** POSTs {@code form} to the token endpoint (client_secret_basic); keeps the new ID and refresh tokens. */
    private void tokenRequest(Map<String, String> form) throws Exception {
        HttpResponse<String> response = postForm(app.provider.issuer() + "/token", form, "Authorization", basicAuth);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("floor: token request answered " + response.statusCode() + ": "
                    + response.body());
        }
        Map<String, Object> json = JsonUtil.parseJson(response.body());
        if (!(json.get("id_token") instanceof String newIdToken)) {
            throw new IllegalStateException("floor: token response without id_token");
        }
        idToken = newIdToken;
        refreshToken = json.get("refresh_token") instanceof String r ? r : refreshToken;
    }
}
