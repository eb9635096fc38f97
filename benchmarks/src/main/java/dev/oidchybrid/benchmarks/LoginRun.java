package dev.oidchybrid.benchmarks;

import dev.oidchybrid.filter.config.InitParam;
import dev.oidchybrid.filter.config.OidcConfig;
import dev.oidchybrid.filter.token.JerseyTokenClient;
import dev.oidchybrid.filter.token.TokenResponse;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.CommonProperties;
import org.HdrHistogram.Histogram;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Complete logins, one browser at a time, each in a fresh browser (no provider SSO, no cookies): navigate to
 * {@code /hello} → 302 → the provider's login page → sign in → form_post page → {@code POST /callback}, where
 * the filter validates the front-channel ID token, redeems the code, validates the token endpoint's ID token
 * and creates the session → 303. Against it, in alternating rounds on the same JVM, the floor: two jose4j RS256
 * signature checks of the provider's ID tokens and one token request to the provider over loopback (see
 * {@link Floor}).
 */
final class LoginRun {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CONCURRENT_BROWSERS = 4;

    private LoginRun() {
    }

    /** One round: how many, and their total time. */
    private record Round(long count, long nanos) {
        double meanMillis() {
            return nanos / 1e6 / count;
        }
    }

    static void run(AppUnderTest app, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        HttpClient http = ScriptedBrowser.newClient();
        Floor floor = new Floor(app, http);
        System.out.println("[login] warm-up: " + settings.loginWarmupSeconds() + " s of logins and of floor probes");
        logins(app, http, settings.loginWarmupSeconds(), new Histogram(3), new long[ScriptedBrowser.STEPS.size()]);
        floor.probe(settings.loginWarmupSeconds());
        floor.probeFilterClient(settings.loginWarmupSeconds());
        floor.reset();

        Histogram latency = new Histogram(3);
        long[] steps = new long[ScriptedBrowser.STEPS.size()];
        List<Double> ratios = new ArrayList<>();
        List<Round> loginRounds = new ArrayList<>();
        List<Round> floorRounds = new ArrayList<>();
        ProviderCalls calls = new ProviderCalls(0, 0, 0, 0, 0, 0);
        long loginCount = 0;
        for (int round = 0; round < settings.loginRounds(); round++) {
            ProviderCalls before = ProviderCalls.of(app.provider.counters());
            Round logins = logins(app, http, settings.loginSeconds(), latency, steps);
            // only the logins' calls: the floor probes call the provider too
            calls = calls.plus(ProviderCalls.of(app.provider.counters()).since(before));
            loginCount += logins.count();
            Round probes = floor.probe(settings.loginSeconds());
            floor.probeFilterClient(Math.max(1, settings.loginSeconds() / 2));
            loginRounds.add(logins);
            floorRounds.add(probes);
            double ratio = logins.meanMillis() / probes.meanMillis();
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "[login] round %d: %d logins, %.2f ms each; floor %.2f ms; "
                    + "ratio %.2f%n", round + 1, logins.count(), logins.meanMillis(), probes.meanMillis(), ratio);
        }

        floor.close();
        System.out.println("[login] " + CONCURRENT_BROWSERS + " browsers at once for " + settings.loginSeconds() + " s");
        double concurrentRate = concurrentLogins(app, settings.loginSeconds());

        double ratio = Report.median(ratios);
        double loginMillis = Report.median(loginRounds.stream().map(Round::meanMillis).toList());
        double floorMillis = Report.median(floorRounds.stream().map(Round::meanMillis).toList());
        report.figure("Login ÷ floor (time per login, one browser at a time)", Report.f2(ratio) + " (median of "
                + ratios.size() + " rounds; " + Report.f2(ratios.stream().mapToDouble(d -> d).min().orElse(0)) + " – "
                + Report.f2(ratios.stream().mapToDouble(d -> d).max().orElse(0)) + ")", "≤ 1.3", ratio <= 1.3);
        report.info("Login: full logins per second, one browser at a time", Report.f0(1000 / loginMillis)
                + " /s (" + Report.f2(loginMillis) + " ms each; p50 " + Report.f2(latency.getValueAtPercentile(50) / 1000.0)
                + " ms, p99 " + Report.f2(latency.getValueAtPercentile(99) / 1000.0) + " ms)");
        report.info("Login: floor (2 RS256 checks + 1 loopback token request)", Report.f2(floorMillis) + " ms (RS256 check "
                + Report.f0(floor.verifyMicros()) + " µs each, token request " + Report.f2(floor.tokenRequestMillis())
                + " ms)");
        report.info("Login: full logins per second, " + CONCURRENT_BROWSERS + " browsers at once",
                Report.f0(concurrentRate) + " /s");
        report.info("Login: provider calls per login", loginCount == 0 ? "-"
                : "authorize " + Report.f2((double) calls.authorize() / loginCount) + ", token "
                + Report.f2((double) calls.token() / loginCount) + ", jwks " + calls.jwks() + " and discovery "
                + calls.discovery() + " in " + loginCount + " logins");

        report.detail("### Login rounds");
        report.detail("");
        report.detail("Each round: " + settings.loginSeconds() + " s of logins, then " + settings.loginSeconds()
                + " s of floor probes, after " + settings.loginWarmupSeconds() + " s of warm-up of each. A login "
                + "is 4 HTTP exchanges (2 with the application, 2 with the provider) plus the filter's token request.");
        report.detail("");
        report.detail("| round | logins | ms per login | floor probes | ms per floor | ratio |");
        report.detail("|---|---|---|---|---|---|");
        for (int i = 0; i < ratios.size(); i++) {
            report.detail("| " + (i + 1) + " | " + loginRounds.get(i).count() + " | " + Report.f2(loginRounds.get(i).meanMillis())
                    + " | " + floorRounds.get(i).count() + " | " + Report.f2(floorRounds.get(i).meanMillis()) + " | "
                    + Report.f2(ratios.get(i)) + " |");
        }
        report.detail("");
        report.detail("Where a login's time goes, as the browser sees it (mean over the measured logins; the floor's "
                + "parts for comparison):");
        report.detail("");
        report.detail("| step | ms |");
        report.detail("|---|---|");
        for (int i = 0; i < steps.length; i++) {
            report.detail("| " + ScriptedBrowser.STEPS.get(i) + " | " + Report.f2(steps[i] / 1e6 / loginCount) + " |");
        }
        report.detail("| floor: two RS256 checks | " + Report.f2(2 * floor.verifyMicros() / 1000) + " |");
        report.detail("| floor: one token request (provider: 2 RS256 signatures; a refresh grant), JDK HTTP client | "
                + Report.f2(floor.tokenRequestMillis()) + " |");
        report.detail("| the same token request through the filter's token client (Jersey), for comparison | "
                + Report.f2(floor.filterClientMillis()) + " |");
        report.detail("");

        if (profile) {
            System.out.println("[login] profiling " + settings.loginSeconds() + " s of logins with JDK Flight Recorder");
            Path recording = workDir.resolve("login.jfr");
            FlightRecordings.record(recording, () -> logins(app, http, settings.loginSeconds(), new Histogram(3),
                    new long[ScriptedBrowser.STEPS.size()]));
            report.detail("### Login profile (logins one at a time for " + settings.loginSeconds() + " s, `"
                    + recording.getFileName() + "`)");
            report.detail("");
            FlightRecordings.components(recording).forEach(report::detail);
            report.detail("");
        }
    }

    /** Logins one after the other for {@code seconds}, each in a fresh browser. */
    private static Round logins(AppUnderTest app, HttpClient http, int seconds, Histogram latency, long[] steps) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long count = 0;
        long total = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            logIn(app, http, steps);
            long took = System.nanoTime() - start;
            total += took;
            count++;
            latency.recordValue(took / 1000);
        }
        return new Round(count, total);
    }

    private static void logIn(AppUnderTest app, HttpClient http, long[] steps) {
        ScriptedBrowser.LoggedIn login = new ScriptedBrowser(http)
                .logIn(app.url("/hello"), AppUnderTest.USERNAME, AppUnderTest.PASSWORD, steps);
        if (!login.location().endsWith("/hello") || !login.cookies().containsKey("JSESSIONID")) {
            throw new IllegalStateException("login did not end in a session: back to " + login.location()
                    + " with cookies " + login.cookies().keySet());
        }
    }

    /** Logins per second with several browsers at once (each thread its own client and browsers). */
    private static double concurrentLogins(AppUnderTest app, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_BROWSERS);
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_BROWSERS; i++) {
            running.add(pool.submit(() -> {
                HttpClient http = ScriptedBrowser.newClient();
                long[] ignored = new long[ScriptedBrowser.STEPS.size()];
                while (System.nanoTime() < end) {
                    logIn(app, http, ignored);
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count.get() / elapsed;
    }

    /**
     * The floor of a hybrid login: two RS256 signature checks of the provider's ID tokens and one token request,
     * in which the provider signs an access token and an ID token, as for the filter's code exchange. The token
     * request is a refresh grant: it costs the provider the same two signatures and the same client
     * authentication, and needs no single-use code, so the floor runs back to back with no browser round trip
     * in between and issues no codes (the development provider's code store grows with every code it issues).
     * Client, scope and audience are the filter's.
     */
    private static final class Floor {

        private final AppUnderTest app;
        private final HttpClient http;
        private final PublicKey key;
        private final String basicAuth;
        private final Client jersey;
        private final JerseyTokenClient filterTokenClient;
        private String refreshToken;
        private String idToken;
        private long verifyNanos;
        private long verifications;
        private long tokenNanos;
        private long tokenRequests;
        private long filterClientNanos;
        private long filterClientRequests;

        Floor(AppUnderTest app, HttpClient http) throws Exception {
            this.app = app;
            this.http = http;
            HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create(app.provider.issuer() + "/jwks"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            List<JsonWebKey> keys = new JsonWebKeySet(jwks.body()).getJsonWebKeys();
            this.key = ((PublicJsonWebKey) keys.get(0)).getPublicKey();
            this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                    (DevProvider.DEMO_CLIENT_ID + ":" + DevProvider.DEMO_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            // as the filter builds its client (OidcRuntime): no entity providers for types it never reads
            this.jersey = ClientBuilder.newBuilder().property(CommonProperties.PROVIDER_DEFAULT_DISABLE,
                    "DATASOURCE,DOMSOURCE,RENDEREDIMAGE,SAXSOURCE,SOURCE").build();
            this.filterTokenClient = new JerseyTokenClient(jersey, OidcConfig.builder()
                    .set(InitParam.ISSUER, app.provider.issuer())
                    .set(InitParam.CLIENT_ID, DevProvider.DEMO_CLIENT_ID)
                    .set(InitParam.CLIENT_SECRET, DevProvider.DEMO_CLIENT_SECRET)
                    .build());
            signIn();
        }

        /** One login at the provider (login page, form_post answer, code exchange) for the first refresh token. */
        private void signIn() throws Exception {
            ScriptedBrowser browser = new ScriptedBrowser(http);
            String verifier = random();
            Map<String, String> params = new LinkedHashMap<>();
            params.put("response_type", "code id_token");
            params.put("response_mode", "form_post");
            params.put("client_id", DevProvider.DEMO_CLIENT_ID);
            params.put("redirect_uri", app.callbackUrl());
            params.put("scope", AppUnderTest.SCOPE);
            params.put("state", random());
            params.put("nonce", random());
            params.put("code_challenge", s256(verifier));
            params.put("code_challenge_method", "S256");
            params.put("audience", AppUnderTest.AUDIENCE);
            HttpResponse<String> loginPage = browser.navigate(app.provider.issuer() + "/authorize?"
                    + ScriptedBrowser.formBody(params));
            Map<String, String> fields = new LinkedHashMap<>(ScriptedBrowser.form(loginPage.body()).fields());
            fields.put("username", AppUnderTest.USERNAME);
            fields.put("password", AppUnderTest.PASSWORD);
            fields.put("action", "login");
            HttpResponse<String> formPost = browser.post(app.provider.issuer() + "/authorize", fields);
            Map<String, String> answer = ScriptedBrowser.form(formPost.body()).fields();
            if (!answer.containsKey("code") || !answer.containsKey("id_token")) {
                throw new IllegalStateException("floor: sign-in at the provider failed: " + formPost.statusCode());
            }
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

        /** Probes for {@code seconds} of timed work; returns the count and the timed nanoseconds. */
        Round probe(int seconds) throws Exception {
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
                verifyNanos += (afterFirst - start) + (end - afterToken);
                verifications += 2;
                tokenNanos += afterToken - afterFirst;
                tokenRequests++;
                timed += end - start;
                count++;
            }
            return new Round(count, timed);
        }

        /**
         * The same token request through the filter's own token client (Jersey, as the callback sends it) for
         * {@code seconds}; not part of the floor, to compare with the plain JDK HTTP client.
         */
        void probeFilterClient(int seconds) {
            long budget = TimeUnit.SECONDS.toNanos(seconds);
            long timed = 0;
            while (timed < budget) {
                long start = System.nanoTime();
                TokenResponse response = filterTokenClient.refresh(app.provider.issuer() + "/token", refreshToken, null);
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

        void reset() {
            verifyNanos = 0;
            verifications = 0;
            tokenNanos = 0;
            tokenRequests = 0;
            filterClientNanos = 0;
            filterClientRequests = 0;
        }

        double filterClientMillis() {
            return filterClientNanos / 1e6 / filterClientRequests;
        }

        void close() {
            jersey.close();
        }

        double verifyMicros() {
            return verifyNanos / 1e3 / verifications;
        }

        double tokenRequestMillis() {
            return tokenNanos / 1e6 / tokenRequests;
        }

        private void verify(String jwt) throws JoseException {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(jwt);
            jws.setKey(key);
            if (!jws.verifySignature()) {
                throw new IllegalStateException("floor: an ID token of the provider did not verify");
            }
        }

        /** POSTs {@code form} to the token endpoint (client_secret_basic); keeps the new ID and refresh tokens. */
        private void tokenRequest(Map<String, String> form) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.provider.issuer() + "/token"))
                    .header("Authorization", basicAuth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ScriptedBrowser.formBody(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
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

        private static String random() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        private static String s256(String verifier) {
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
