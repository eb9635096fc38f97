package dev.oidchybrid.benchmarks;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * and creates the session → 303. Against it, in alternating rounds on the same JVM, the floor of the
 * {@link Variant}'s login: two jose4j RS256 signature checks of the provider's ID tokens and the round trips to the
 * provider over loopback, with the client's signatures where it makes any ({@link LoginFloor}). Two variants: the
 * client with a secret ({@link #SECRET}, {@link SecretLoginFloor}) and the high-security client, with
 * {@code private_key_jwt}, pushed authorization requests and DPoP ({@link #highSecurity},
 * {@link HighSecurityLoginFloor}). Two figures per round: the filter's server time per login (its two requests, timed by
 * {@link ServerTiming} in Jetty) ÷ the floor, which is the goal's figure, and the whole login as the browser sees
 * it ÷ the floor, which adds the provider's login page and sign-in (with its third signature) and the transport
 * of four exchanges. CPU time per side ({@link ThreadCpu}) says what each side spent on a login and on a probe.
 */
final class LoginRun {

    private static final int CONCURRENT_BROWSERS = 4;

    /** The floor of a variant's logins, made once the application runs. */
    @FunctionalInterface
    interface FloorFactory {
        LoginFloor create(AppUnderTest app, HttpClient http) throws Exception;
    }

    /**
     * One kind of login: the name its report figures start with, the log tag, the goal of the filter's server time
     * per login ÷ floor, how many PAR requests a login must make (checked), how many times the settings' warm-up it
     * needs, the recording of the profile run and its floor.
     */
    record Variant(String name, String tag, double goal, int parPerLogin, int warmupFactor, String recording,
                   FloorFactory floor) {
    }

    /** The client with a secret ({@code client_secret_basic}), as the demo runs. */
    static final Variant SECRET = new Variant("Login", "login", 1.3, 0, 1, "login.jfr", SecretLoginFloor::new);

    /**
     * The high-security client: {@code private_key_jwt} (ES256), PAR (the provider requires it), DPoP (ES256). A login
     * takes about twice as long as the secret client's, so it warms up twice as long (about as many logins): with
     * the settings' warm-up alone its rounds still got faster one after the other when it ran by itself.
     */
    static Variant highSecurity(HighSecurityClient client) {
        return new Variant("Login (PAR + private_key_jwt + DPoP)", "login-hs", 1.1, 1, 2, "login-hs.jfr",
                (app, http) -> new HighSecurityLoginFloor(app, http, client));
    }

    private LoginRun() {
    }

    /** One round: how many, and their total time. */
    record Round(long count, long nanos) {
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

    static void run(AppUnderTest app, Variant variant, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        HttpClient http = ScriptedBrowser.newClient();
        LoginFloor floor = variant.floor().create(app, http);
        String tag = "[" + variant.tag() + "] ";
        String name = variant.name();
        int warmup = settings.loginWarmupSeconds() * variant.warmupFactor();
        System.out.println(tag + "warm-up: " + warmup + " s of logins and of floor probes");
        app.timing.enable(true);
        logins(app, http, warmup, new Histogram(3), new long[ScriptedBrowser.STEPS.size()]);
        floor.probe(warmup);
        floor.alongside(warmup);
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
        ProviderCalls calls = ProviderCalls.NONE;
        long loginCount = 0;
        for (int round = 0; round < settings.loginRounds(); round++) {
            ProviderCalls before = ProviderCalls.of(app.provider.counters());
            ServerTiming.Snapshot timedBefore = app.timing.snapshot();
            ThreadCpu.Snapshot cpuBefore = ThreadCpu.snapshot();
            Round logins = logins(app, http, settings.loginSeconds(), latency, steps);
            ThreadCpu.Snapshot cpuAfterLogins = ThreadCpu.snapshot();
            ServerTiming.Snapshot timed = app.timing.snapshot().since(timedBefore);
            // only the logins' calls: the floor probes call the provider too
            ProviderCalls loginCalls = ProviderCalls.of(app.provider.counters()).since(before);
            if (loginCalls.par() != variant.parPerLogin() * logins.count()) {
                throw new IllegalStateException(logins.count() + " logins made " + loginCalls.par() + " PAR requests, "
                        + "not " + variant.parPerLogin() + " each: the application is not configured as " + name);
            }
            calls = calls.plus(loginCalls);
            loginCount += logins.count();
            Round probes = floor.probe(settings.loginSeconds());
            ThreadCpu.Snapshot cpuAfterProbes = ThreadCpu.snapshot();
            floor.alongside(Math.max(1, settings.loginSeconds() / 2));
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
            System.out.printf(Locale.ROOT, tag + "round %d: %d logins, %.2f ms each (%.2f ms of it in the filter's "
                    + "requests); floor %.2f ms; filter ÷ floor %.2f, login ÷ floor %.2f%n", round + 1, logins.count(),
                    logins.meanMillis(), server.millis(), probes.meanMillis(), serverRatio, ratio);
        }
        app.timing.enable(false);
        Histogram startMicros = app.timing.histogram(ServerTiming.Kind.LOGIN_START);
        Histogram callbackMicros = app.timing.histogram(ServerTiming.Kind.CALLBACK);

        floor.close();
        System.out.println(tag + CONCURRENT_BROWSERS + " browsers at once for " + settings.loginSeconds() + " s");
        double concurrentRate = concurrentLogins(app, settings.loginSeconds());

        double ratio = Report.median(ratios);
        double serverRatio = Report.median(serverRatios);
        double loginMillis = Report.median(loginRounds.stream().map(Round::meanMillis).toList());
        double serverMillis = Report.median(serverRounds.stream().map(ServerRound::millis).toList());
        double startMillis = Report.median(serverRounds.stream().map(ServerRound::startMillis).toList());
        double callbackMillis = Report.median(serverRounds.stream().map(ServerRound::callbackMillis).toList());
        double floorMillis = Report.median(floorRounds.stream().map(Round::meanMillis).toList());
        report.figure(name + ": the filter's server time per login ÷ floor", Report.f2(serverRatio) + " (median of "
                + serverRatios.size() + " rounds; " + range(serverRatios) + ")", "≤ " + variant.goal(),
                serverRatio <= variant.goal());
        report.info(name + ": the filter's server time per login (its 2 requests, timed in Jetty)",
                Report.f2(serverMillis) + " ms (`GET /hello` → 302: " + Report.f2(startMillis) + " ms, p50 "
                        + millis(startMicros, 50) + "; `POST /callback` → 303: " + Report.f2(callbackMillis)
                        + " ms, p50 " + millis(callbackMicros, 50) + ")");
        report.info(name + ": end-to-end time per login ÷ floor (as the browser sees it, provider's pages included)",
                Report.f2(ratio) + " (median of " + ratios.size() + " rounds; " + range(ratios) + ")");
        report.info(name + ": full logins per second, one browser at a time", Report.f0(1000 / loginMillis)
                + " /s (" + Report.f2(loginMillis) + " ms each; p50 " + Report.f2(latency.getValueAtPercentile(50) / 1000.0)
                + " ms, p99 " + Report.f2(latency.getValueAtPercentile(99) / 1000.0) + " ms)");
        report.info(name + ": floor (" + floor.contents() + ")", floor.summary(floorMillis));
        if (ThreadCpu.supported() && loginCount > 0 && floorCount > 0) {
            report.info(name + ": CPU per login by side (per floor probe)", cpuSummary(loginCpu, loginCount, floorCpu,
                    floorCount));
        }
        report.info(name + ": full logins per second, " + CONCURRENT_BROWSERS + " browsers at once",
                Report.f0(concurrentRate) + " /s");
        report.info(name + ": provider calls per login", loginCount == 0 ? "-"
                : (variant.parPerLogin() > 0 ? "par " + Report.f2((double) calls.par() / loginCount) + ", " : "")
                + "authorize " + Report.f2((double) calls.authorize() / loginCount) + ", token "
                + Report.f2((double) calls.token() / loginCount) + ", jwks " + calls.jwks() + " and discovery "
                + calls.discovery() + " in " + loginCount + " logins");

        report.detail("### " + name + " rounds");
        report.detail("");
        report.detail("Each round: " + settings.loginSeconds() + " s of logins, then " + settings.loginSeconds()
                + " s of floor probes, after " + warmup + " s of warm-up of each. A login "
                + "is 4 HTTP exchanges (2 with the application, 2 with the provider) plus the filter's "
                + (variant.parPerLogin() > 0 ? "PAR request (in the first) and token request (in the second)"
                : "token request") + ". The filter's server time is the time Jetty spends on the login's two "
                + "application requests from the first filter on (a timing filter in front of the OIDC filter), the "
                + "provider's answers it waits for included.");
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
        floor.partRows().forEach(report::detail);
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
            System.out.println(tag + "profiling " + settings.loginSeconds() + " s of logins with JDK Flight Recorder");
            Path recording = workDir.resolve(variant.recording());
            FlightRecordings.record(recording, () -> logins(app, http, settings.loginSeconds(), new Histogram(3),
                    new long[ScriptedBrowser.STEPS.size()]));
            report.detail("### " + name + " profile (logins one at a time for " + settings.loginSeconds() + " s, `"
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
}
