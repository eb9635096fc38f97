package dev.oidchybrid.benchmarks;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.token.JerseyTokenClient;
import dev.oidchybrid.filter.internal.token.TokenResponse;
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
import java.util.EnumMap;
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
 * {@link Floor}). Two figures per round: the filter's server time per login (its two requests, timed by
 * {@link ServerTiming} in Jetty) ÷ the floor, which is the goal's figure, and the whole login as the browser sees
 * it ÷ the floor, which adds the provider's login page and sign-in (with its third signature) and the transport
 * of four exchanges. CPU time per side ({@link ThreadCpu}) says what each side spent on a login and on a probe.
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

    /** One round of logins as the application server saw it: the filter's two requests per login. */
    private record ServerRound(long logins, long startNanos, long callbackNanos, long startCpuNanos,
                               long callbackCpuNanos) {
        double millis() {
            return (startNanos + callbackNanos) / 1e6 / logins;
        }

        double startMillis() {
            return startNanos / 1e6 / logins;
        }

        double callbackMillis() {
            return callbackNanos / 1e6 / logins;
        }
    }

    static void run(AppUnderTest app, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        HttpClient http = ScriptedBrowser.newClient();
        Floor floor = new Floor(app, http);
        System.out.println("[login] warm-up: " + settings.loginWarmupSeconds() + " s of logins and of floor probes");
        app.timing.enable(true);
        logins(app, http, settings.loginWarmupSeconds(), new Histogram(3), new long[ScriptedBrowser.STEPS.size()]);
        floor.probe(settings.loginWarmupSeconds());
        floor.probeFilterClient(settings.loginWarmupSeconds());
        floor.reset();
        app.timing.resetHistograms();

        Histogram latency = new Histogram(3);
        long[] steps = new long[ScriptedBrowser.STEPS.size()];
        List<Double> ratios = new ArrayList<>();
        List<Double> serverRatios = new ArrayList<>();
        List<Round> loginRounds = new ArrayList<>();
        List<ServerRound> serverRounds = new ArrayList<>();
        List<Round> floorRounds = new ArrayList<>();
        Map<ThreadCpu.Side, Long> loginCpu = new EnumMap<>(ThreadCpu.Side.class);
        Map<ThreadCpu.Side, Long> floorCpu = new EnumMap<>(ThreadCpu.Side.class);
        long floorCount = 0;
        ProviderCalls calls = new ProviderCalls(0, 0, 0, 0, 0, 0);
        long loginCount = 0;
        for (int round = 0; round < settings.loginRounds(); round++) {
            ProviderCalls before = ProviderCalls.of(app.provider.counters());
            ServerTiming.Snapshot timedBefore = app.timing.snapshot();
            ThreadCpu.Snapshot cpuBefore = ThreadCpu.snapshot();
            Round logins = logins(app, http, settings.loginSeconds(), latency, steps);
            ThreadCpu.Snapshot cpuAfterLogins = ThreadCpu.snapshot();
            ServerTiming.Snapshot timed = app.timing.snapshot().since(timedBefore);
            // only the logins' calls: the floor probes call the provider too
            calls = calls.plus(ProviderCalls.of(app.provider.counters()).since(before));
            loginCount += logins.count();
            Round probes = floor.probe(settings.loginSeconds());
            ThreadCpu.Snapshot cpuAfterProbes = ThreadCpu.snapshot();
            floor.probeFilterClient(Math.max(1, settings.loginSeconds() / 2));
            cpuAfterLogins.since(cpuBefore).forEach((side, nanos) -> loginCpu.merge(side, nanos, Long::sum));
            cpuAfterProbes.since(cpuAfterLogins).forEach((side, nanos) -> floorCpu.merge(side, nanos, Long::sum));
            floorCount += probes.count();

            ServerRound server = serverRound(timed, logins.count());
            loginRounds.add(logins);
            serverRounds.add(server);
            floorRounds.add(probes);
            double ratio = logins.meanMillis() / probes.meanMillis();
            double serverRatio = server.millis() / probes.meanMillis();
            ratios.add(ratio);
            serverRatios.add(serverRatio);
            System.out.printf(Locale.ROOT, "[login] round %d: %d logins, %.2f ms each (%.2f ms of it in the filter's "
                    + "requests); floor %.2f ms; filter ÷ floor %.2f, login ÷ floor %.2f%n", round + 1, logins.count(),
                    logins.meanMillis(), server.millis(), probes.meanMillis(), serverRatio, ratio);
        }
        app.timing.enable(false);
        Histogram startMicros = app.timing.histogram(ServerTiming.Kind.LOGIN_START);
        Histogram callbackMicros = app.timing.histogram(ServerTiming.Kind.CALLBACK);

        floor.close();
        System.out.println("[login] " + CONCURRENT_BROWSERS + " browsers at once for " + settings.loginSeconds() + " s");
        double concurrentRate = concurrentLogins(app, settings.loginSeconds());

        double ratio = Report.median(ratios);
        double serverRatio = Report.median(serverRatios);
        double loginMillis = Report.median(loginRounds.stream().map(Round::meanMillis).toList());
        double serverMillis = Report.median(serverRounds.stream().map(ServerRound::millis).toList());
        double startMillis = Report.median(serverRounds.stream().map(ServerRound::startMillis).toList());
        double callbackMillis = Report.median(serverRounds.stream().map(ServerRound::callbackMillis).toList());
        double floorMillis = Report.median(floorRounds.stream().map(Round::meanMillis).toList());
        report.figure("Login: the filter's server time per login ÷ floor", Report.f2(serverRatio) + " (median of "
                + serverRatios.size() + " rounds; " + range(serverRatios) + ")", "≤ 1.3", serverRatio <= 1.3);
        report.info("Login: the filter's server time per login (its 2 requests, timed in Jetty)",
                Report.f2(serverMillis) + " ms (`GET /hello` → 302: " + Report.f2(startMillis) + " ms, p50 "
                        + millis(startMicros, 50) + "; `POST /callback` → 303: " + Report.f2(callbackMillis)
                        + " ms, p50 " + millis(callbackMicros, 50) + ")");
        report.info("Login: end-to-end time per login ÷ floor (as the browser sees it, provider's pages included)",
                Report.f2(ratio) + " (median of " + ratios.size() + " rounds; " + range(ratios) + ")");
        report.info("Login: full logins per second, one browser at a time", Report.f0(1000 / loginMillis)
                + " /s (" + Report.f2(loginMillis) + " ms each; p50 " + Report.f2(latency.getValueAtPercentile(50) / 1000.0)
                + " ms, p99 " + Report.f2(latency.getValueAtPercentile(99) / 1000.0) + " ms)");
        report.info("Login: floor (2 RS256 checks + 1 loopback token request)", Report.f2(floorMillis) + " ms (RS256 check "
                + Report.f0(floor.verifyMicros()) + " µs each, token request " + Report.f2(floor.tokenRequestMillis())
                + " ms)");
        if (ThreadCpu.supported() && loginCount > 0 && floorCount > 0) {
            report.info("Login: CPU per login by side (per floor probe)", cpuSummary(loginCpu, loginCount, floorCpu,
                    floorCount));
        }
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
                + "is 4 HTTP exchanges (2 with the application, 2 with the provider) plus the filter's token request. "
                + "The filter's server time is the time Jetty spends on the login's two application requests from the "
                + "first filter on (a timing filter in front of the OIDC filter), the token request it waits for "
                + "included.");
        report.detail("");
        report.detail("| round | logins | ms per login | of which the filter's requests | floor probes | ms per floor "
                + "| filter ÷ floor | login ÷ floor |");
        report.detail("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < ratios.size(); i++) {
            report.detail("| " + (i + 1) + " | " + loginRounds.get(i).count() + " | " + Report.f2(loginRounds.get(i).meanMillis())
                    + " | " + Report.f2(serverRounds.get(i).millis()) + " | " + floorRounds.get(i).count() + " | "
                    + Report.f2(floorRounds.get(i).meanMillis()) + " | " + Report.f2(serverRatios.get(i)) + " | "
                    + Report.f2(ratios.get(i)) + " |");
        }
        report.detail("");
        report.detail("Where a login's time goes, as the browser sees it and as Jetty timed the filter's requests "
                + "(mean over the measured logins; the floor's parts for comparison):");
        report.detail("");
        report.detail("| step | ms |");
        report.detail("|---|---|");
        for (int i = 0; i < steps.length; i++) {
            report.detail("| " + ScriptedBrowser.STEPS.get(i) + " | " + Report.f2(steps[i] / 1e6 / loginCount) + " |");
            if (i == 0) {
                report.detail("| … of which in Jetty from the first filter on (timing filter) | "
                        + Report.f2(serverRounds.stream().mapToLong(ServerRound::startNanos).sum() / 1e6 / loginCount) + " |");
            } else if (i == steps.length - 1) {
                report.detail("| … of which in Jetty from the first filter on (timing filter) | "
                        + Report.f2(serverRounds.stream().mapToLong(ServerRound::callbackNanos).sum() / 1e6 / loginCount)
                        + " |");
            }
        }
        report.detail("");
        report.detail("The filter's two requests one by one, as Jetty timed them (ms):");
        report.detail("");
        report.detail("| request | mean | p50 | p90 | p99 | max | CPU of its thread, mean |");
        report.detail("|---|---|---|---|---|---|---|");
        report.detail("| `GET /hello` → 302 | " + Report.f2(startMicros.getMean() / 1000) + " | " + percentiles(startMicros)
                + " | " + perLogin(serverRounds, ServerRound::startCpuNanos, loginCount) + " |");
        report.detail("| `POST /callback` → 303 | " + Report.f2(callbackMicros.getMean() / 1000) + " | "
                + percentiles(callbackMicros) + " | " + perLogin(serverRounds, ServerRound::callbackCpuNanos, loginCount)
                + " |");
        report.detail("");
        report.detail("| floor part | ms |");
        report.detail("|---|---|");
        report.detail("| floor: two RS256 checks | " + Report.f2(2 * floor.verifyMicros() / 1000) + " |");
        report.detail("| floor: one token request (provider: 2 RS256 signatures; a refresh grant), JDK HTTP client | "
                + Report.f2(floor.tokenRequestMillis()) + " |");
        report.detail("| the same token request through the filter's token client (Jersey), for comparison | "
                + Report.f2(floor.filterClientMillis()) + " |");
        report.detail("");
        if (ThreadCpu.supported() && loginCount > 0 && floorCount > 0) {
            report.detail("CPU time of the runner's Java threads during the measured rounds (JIT and GC threads not "
                    + "counted), per login and per floor probe:");
            report.detail("");
            report.detail("| side | ms of CPU per login | ms of CPU per floor probe |");
            report.detail("|---|---|---|");
            for (ThreadCpu.Side side : ThreadCpu.Side.values()) {
                report.detail("| " + side.label + " | " + Report.f2(loginCpu.getOrDefault(side, 0L) / 1e6 / loginCount)
                        + " | " + Report.f2(floorCpu.getOrDefault(side, 0L) / 1e6 / floorCount) + " |");
            }
            report.detail("");
        }

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
            report.detail("Inside the filter's two requests of a login (samples of Jetty's threads under the timing "
                    + "filter):");
            report.detail("");
            FlightRecordings.filterRequests(recording).forEach(report::detail);
            report.detail("");
        }
    }

    /** The round's two requests per login, checked: one login start and one callback per login, nothing else. */
    private static ServerRound serverRound(ServerTiming.Snapshot timed, long logins) {
        long starts = timed.count(ServerTiming.Kind.LOGIN_START);
        long callbacks = timed.count(ServerTiming.Kind.CALLBACK);
        long other = timed.count(ServerTiming.Kind.OTHER);
        if (starts != logins || callbacks != logins || other != 0) {
            throw new IllegalStateException("the timing filter saw " + starts + " login starts, " + callbacks
                    + " callbacks and " + other + " other requests in " + logins + " logins: it must run in front of "
                    + "the OIDC filter and see exactly the login's two requests");
        }
        return new ServerRound(logins, timed.nanos(ServerTiming.Kind.LOGIN_START),
                timed.nanos(ServerTiming.Kind.CALLBACK), timed.cpuNanos(ServerTiming.Kind.LOGIN_START),
                timed.cpuNanos(ServerTiming.Kind.CALLBACK));
    }

    private static String cpuSummary(Map<ThreadCpu.Side, Long> loginCpu, long logins, Map<ThreadCpu.Side, Long> floorCpu,
                                     long probes) {
        List<String> parts = new ArrayList<>();
        for (ThreadCpu.Side side : List.of(ThreadCpu.Side.APP_SERVER, ThreadCpu.Side.PROVIDER, ThreadCpu.Side.CLIENT)) {
            String name = switch (side) {
                case APP_SERVER -> "Jetty threads";
                case PROVIDER -> "provider";
                case CLIENT -> "client";
                default -> side.name();
            };
            parts.add(name + " " + Report.f2(loginCpu.getOrDefault(side, 0L) / 1e6 / logins) + " ms (floor "
                    + Report.f2(floorCpu.getOrDefault(side, 0L) / 1e6 / probes) + ")");
        }
        return String.join(", ", parts);
    }

    private static String perLogin(List<ServerRound> rounds, java.util.function.ToLongFunction<ServerRound> nanos,
                                   long logins) {
        return Report.f2(rounds.stream().mapToLong(nanos).sum() / 1e6 / logins);
    }

    private static String percentiles(Histogram micros) {
        return Report.f2(micros.getValueAtPercentile(50) / 1000.0) + " | "
                + Report.f2(micros.getValueAtPercentile(90) / 1000.0) + " | "
                + Report.f2(micros.getValueAtPercentile(99) / 1000.0) + " | "
                + Report.f2(micros.getMaxValue() / 1000.0);
    }

    private static String millis(Histogram micros, double percentile) {
        return Report.f2(micros.getValueAtPercentile(percentile) / 1000.0) + " ms";
    }

    private static String range(List<Double> values) {
        return Report.f2(values.stream().mapToDouble(d -> d).min().orElse(0)) + " – "
                + Report.f2(values.stream().mapToDouble(d -> d).max().orElse(0));
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
            // as the filter builds its client (ProviderClients): no entity providers for types it never reads
            this.jersey = ClientBuilder.newBuilder().property(CommonProperties.PROVIDER_DEFAULT_DISABLE,
                    "DATASOURCE,DOMSOURCE,RENDEREDIMAGE,SAXSOURCE,SOURCE").build();
            this.filterTokenClient = new JerseyTokenClient(new dev.oidchybrid.filter.internal.http.ProviderHttp(jersey),
                    OidcConfig.builder()
                            .set(InitParam.ISSUER, app.provider.issuer())
                            .set(InitParam.CLIENT_ID, DevProvider.DEMO_CLIENT_ID)
                            .set(InitParam.CLIENT_SECRET, DevProvider.DEMO_CLIENT_SECRET)
                            .build().client());
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
