package dev.oidchybrid.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Authenticated requests under load: {@code GET /hello} (behind the filter) against {@code GET /public/hello}
 * (the same servlet, not behind it) in the same Jetty, in alternating rounds of the same length, both with the
 * session cookie of one real login. Each round's throughput ratio compares runs seconds apart, so machine noise
 * mostly cancels; the figure is the median round. The provider's request counters must not move meanwhile.
 *
 * <p>{@link #run} measures the default {@code http-session} store (the goal's figures); {@link #runCookieStore}
 * the same against an application with {@code session-store=cookie}, where every request unseals the session
 * from its cookie (informational, no goal). The cookie store seals the session again, and answers with a new
 * cookie, once the time it last saw it is two minutes old; wrk cannot take up a new cookie, so that run logs in
 * afresh before each round and checks after it that no new cookie was due.
 */
final class HotPathRun {

    private HotPathRun() {
    }

    /** Which application, and what it is called in the report. */
    private enum Store {
        HTTP_SESSION("Hot path", "hotpath", "hotpath.jfr", "JSESSIONID", 0.99),
        COOKIE("Hot path, `cookie` store", "hotpath-cookie", "hotpath-cookie.jfr", "oidc_session_0", 0.95),
        JCACHE("Hot path, `jcache` store", "hotpath-jcache", "hotpath-jcache.jfr", "oidc_handle", 0.9);

        final String label;
        final String log;
        final String recording;
        final String sessionCookie;
        /** The goal of {@code /hello} ÷ {@code /public/hello} with the same cookie. */
        final double goal;

        Store(String label, String log, String recording, String sessionCookie, double goal) {
            this.label = label;
            this.log = log;
            this.recording = recording;
            this.sessionCookie = sessionCookie;
            this.goal = goal;
        }
    }

    static void run(AppUnderTest app, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        measure(app, Store.HTTP_SESSION, settings, report, workDir, profile);
    }

    static void runCookieStore(AppUnderTest app, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        measure(app, Store.COOKIE, settings, report, workDir, profile);
    }

    static void runJCacheStore(AppUnderTest app, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        measure(app, Store.JCACHE, settings, report, workDir, profile);
    }

    private static void measure(AppUnderTest app, Store store, Settings settings, Report report, Path workDir,
                                boolean profile) throws Exception {
        HttpClient http = ScriptedBrowser.newClient();
        String protectedUrl = app.url("/hello");
        String publicUrl = app.url("/public/hello");
        Map<String, String> headers = logIn(app, http, store);

        Wrk wrk = new Wrk(settings.wrkThreads(), settings.wrkConnections(), workDir);
        ProviderCalls calls = ProviderCalls.NONE;
        System.out.println("[" + store.log + "] warm-up: " + settings.hotWarmupSeconds() + " s per path with "
                + wrk.describe());
        ProviderCalls warmupBefore = ProviderCalls.of(app.provider.counters());
        check(wrk.run(publicUrl, settings.hotWarmupSeconds(), headers), publicUrl);
        check(wrk.run(protectedUrl, settings.hotWarmupSeconds(), headers), protectedUrl);
        calls = calls.plus(ProviderCalls.of(app.provider.counters()).since(warmupBefore));

        List<Wrk.Result> protectedRuns = new ArrayList<>();
        List<Wrk.Result> publicRuns = new ArrayList<>();
        List<Wrk.Result> bareRuns = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> bareRatios = new ArrayList<>();
        // the application server's threads' CPU time per request (Jetty, the filter, the servlet; not wrk's)
        List<Double> protectedCpu = new ArrayList<>();
        List<Double> publicCpu = new ArrayList<>();
        for (int round = 0; round < settings.hotRounds(); round++) {
            if (store == Store.COOKIE) {
                headers = logIn(app, http, store);
            }
            ProviderCalls before = ProviderCalls.of(app.provider.counters());
            Wrk.Result pub;
            Wrk.Result prot;
            Wrk.Result bare;
            double[] cpu = new double[2];
            Map<String, String> roundHeaders = headers;
            java.util.concurrent.Callable<Wrk.Result> loadPublic =
                    () -> check(wrk.run(publicUrl, settings.hotSeconds(), roundHeaders), publicUrl);
            java.util.concurrent.Callable<Wrk.Result> loadProtected =
                    () -> check(wrk.run(protectedUrl, settings.hotSeconds(), roundHeaders), protectedUrl);
            if (round % 2 == 0) {
                bare = check(wrk.run(publicUrl, settings.hotSeconds(), Map.of()), publicUrl);
                pub = serverCpu(loadPublic, cpu, 1);
                prot = serverCpu(loadProtected, cpu, 0);
            } else {
                prot = serverCpu(loadProtected, cpu, 0);
                pub = serverCpu(loadPublic, cpu, 1);
                bare = check(wrk.run(publicUrl, settings.hotSeconds(), Map.of()), publicUrl);
            }
            protectedCpu.add(cpu[0]);
            publicCpu.add(cpu[1]);
            // only the load's calls: a fresh login before a round calls the provider too
            calls = calls.plus(ProviderCalls.of(app.provider.counters()).since(before));
            HttpResponse<String> after = expectBody(http, protectedUrl, headers, "hello auth0|");
            if (after.headers().firstValue("Set-Cookie").isPresent()) {
                throw new IllegalStateException(store.label + ": the filter answered with a new cookie after round "
                        + (round + 1) + " (the session was due to be sealed again during the load, so the round "
                        + "measured that, not the plain request)");
            }
            publicRuns.add(pub);
            protectedRuns.add(prot);
            bareRuns.add(bare);
            double ratio = prot.requestsPerSecond() / pub.requestsPerSecond();
            ratios.add(ratio);
            bareRatios.add(prot.requestsPerSecond() / bare.requestsPerSecond());
            System.out.printf(Locale.ROOT, "[%s] round %d: /hello %.0f req/s, /public/hello %.0f req/s (no cookie"
                    + " %.0f), ratio %.3f (%.3f); server CPU %.2f vs %.2f µs per request%n", store.log, round + 1,
                    prot.requestsPerSecond(), pub.requestsPerSecond(), bare.requestsPerSecond(), ratio,
                    bareRatios.get(round), cpu[0], cpu[1]);
        }

        double ratio = Report.median(ratios);
        double protRps = Report.median(protectedRuns.stream().map(Wrk.Result::requestsPerSecond).toList());
        double pubRps = Report.median(publicRuns.stream().map(Wrk.Result::requestsPerSecond).toList());
        long requests = protectedRuns.stream().mapToLong(Wrk.Result::requests).sum()
                + publicRuns.stream().mapToLong(Wrk.Result::requests).sum();
        String ratioText = Report.f3(ratio) + " (median of " + ratios.size() + " rounds; " + Report.f3(min(ratios))
                + " – " + Report.f3(max(ratios)) + ")";
        // with both cores saturated, each request costs cores ÷ throughput of CPU (load generator included)
        int cores = Runtime.getRuntime().availableProcessors();
        double addedMicros = cores * 1e6 * (1 / protRps - 1 / pubRps);
        report.figure(store.label + ": throughput `GET /hello` ÷ `GET /public/hello` with the same session cookie",
                ratioText + "; the filter adds about " + Report.f0(addedMicros) + " µs of CPU per request (" + cores
                        + " cores × (1/" + Report.f0(protRps) + " − 1/" + Report.f0(pubRps) + ") s)",
                "≥ " + store.goal, ratio >= store.goal);
        if (ThreadCpu.supported()) {
            List<Double> added = new ArrayList<>();
            for (int i = 0; i < protectedCpu.size(); i++) {
                added.add(protectedCpu.get(i) - publicCpu.get(i));
            }
            report.info(store.label + ": the application server's CPU time per request (its threads' CPU time ÷ "
                    + "requests; not the load generator's), `GET /hello` − `GET /public/hello` in the same round",
                    Report.f3(Report.median(added)) + " µs (median of " + added.size() + " rounds; "
                            + Report.f3(min(added)) + " – " + Report.f3(max(added)) + "), of "
                            + Report.f2(Report.median(protectedCpu)) + " µs and " + Report.f2(Report.median(publicCpu))
                            + " µs");
        }
        double bareRatio = Report.median(bareRatios);
        report.info(store.label + ": throughput `GET /hello` ÷ `GET /public/hello` with no cookie at all (what adding "
                + "login costs, the container's cookie parsing and session lookup included)", Report.f3(bareRatio)
                + " (median of " + bareRatios.size() + " rounds; " + Report.f3(min(bareRatios)) + " – "
                + Report.f3(max(bareRatios)) + ")");
        report.info(store.label + ": `GET /hello` (filter, session)", Report.f0(protRps) + " req/s, p50 "
                + micros(protectedRuns, Wrk.Result::p50) + ", p99 " + micros(protectedRuns, Wrk.Result::p99));
        report.info(store.label + ": `GET /public/hello` (no filter, same cookie)", Report.f0(pubRps) + " req/s, p50 "
                + micros(publicRuns, Wrk.Result::p50) + ", p99 " + micros(publicRuns, Wrk.Result::p99));
        report.info(store.label + ": `GET /public/hello` (no filter, no cookie)",
                Report.f0(Report.median(bareRuns.stream().map(Wrk.Result::requestsPerSecond).toList()))
                        + " req/s, p50 " + micros(bareRuns, Wrk.Result::p50) + ", p99 " + micros(bareRuns, Wrk.Result::p99));
        String callsText = calls.total() + " in " + Report.f0(requests) + " requests (" + calls + ")";
        if (store == Store.HTTP_SESSION) {
            report.figure("Hot path: provider calls during the load run", callsText, "0", calls.total() == 0);
        } else {
            report.info(store.label + ": provider calls during the load runs", callsText);
        }

        report.detail("### " + store.label + " rounds");
        report.detail("");
        report.detail("Load: `" + wrk.describe() + "`, " + settings.hotSeconds() + " s per path per round, after "
                + settings.hotWarmupSeconds() + " s of warm-up per path; both paths send the same session cookie"
                + (store == Store.COOKIE ? " (`Cookie` header of " + headers.get("Cookie").length() + " characters; "
                        + "a fresh login before each round)" : "") + ". Latencies from wrk's histogram.");
        report.detail("");
        report.detail("| round | `/hello` req/s | p50 | p99 | `/public/hello` req/s | p50 | p99 | ratio |");
        report.detail("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < ratios.size(); i++) {
            Wrk.Result prot = protectedRuns.get(i);
            Wrk.Result pub = publicRuns.get(i);
            report.detail("| " + (i + 1) + " | " + Report.f0(prot.requestsPerSecond()) + " | " + Report.f0(prot.p50())
                    + " µs | " + Report.f0(prot.p99()) + " µs | " + Report.f0(pub.requestsPerSecond()) + " | "
                    + Report.f0(pub.p50()) + " µs | " + Report.f0(pub.p99()) + " µs | " + Report.f3(ratios.get(i)) + " |");
        }
        report.detail("");

        if (profile) {
            if (store == Store.COOKIE) {
                headers = logIn(app, http, store);
            }
            Map<String, String> profiled = headers;
            System.out.println("[" + store.log + "] profiling " + settings.hotSeconds()
                    + " s of /hello with JDK Flight Recorder");
            Path recording = workDir.resolve(store.recording);
            FlightRecordings.record(recording, () -> check(wrk.run(protectedUrl, settings.hotSeconds(), profiled),
                    protectedUrl));
            report.detail("### " + store.label + " profile (`GET /hello` for " + settings.hotSeconds() + " s, `"
                    + recording.getFileName() + "`)");
            report.detail("");
            FlightRecordings.filterShare(recording).forEach(report::detail);
            report.detail("");
        }
    }

    /** Runs {@code load}; puts the application server's CPU microseconds per request into {@code cpu[index]}. */
    private static Wrk.Result serverCpu(java.util.concurrent.Callable<Wrk.Result> load, double[] cpu, int index)
            throws Exception {
        ThreadCpu.Snapshot before = ThreadCpu.snapshot();
        Wrk.Result result = load.call();
        long nanos = ThreadCpu.snapshot().since(before).get(ThreadCpu.Side.APP_SERVER);
        cpu[index] = nanos / 1000.0 / Math.max(1, result.requests());
        return result;
    }

    /** One real login; the request headers (its cookies) for the load, checked on both paths. */
    private static Map<String, String> logIn(AppUnderTest app, HttpClient http, Store store) throws Exception {
        ScriptedBrowser.LoggedIn login = new ScriptedBrowser(http)
                .logIn(app.url("/hello"), AppUnderTest.USERNAME, AppUnderTest.PASSWORD);
        String sessionCookie = store.sessionCookie;
        // on a secure origin (localhost) the filter's cookies take the __Host- prefix
        if (!login.cookies().containsKey(sessionCookie) && !login.cookies().containsKey("__Host-" + sessionCookie)) {
            throw new IllegalStateException(store.label + ": the login gave no " + sessionCookie + " cookie, only "
                    + login.cookies().keySet());
        }
        Map<String, String> headers = Map.of("Cookie", ScriptedBrowser.cookieHeader(login.cookies()));
        HttpResponse<String> first = expectBody(http, app.url("/hello"), headers, "hello auth0|");
        if (first.headers().firstValue("Set-Cookie").isPresent()) {
            throw new IllegalStateException(store.label + ": a request right after the login got a new cookie: "
                    + first.headers().allValues("Set-Cookie"));
        }
        expectBody(http, app.url("/public/hello"), headers, "hello anonymous");
        return headers;
    }

    private static Wrk.Result check(Wrk.Result result, String url) {
        if (result.errors() > 0 || result.statusErrors() > 0 || result.requests() == 0) {
            throw new IllegalStateException("load run of " + url + " had " + result.errors() + " socket errors and "
                    + result.statusErrors() + " error answers in " + result.requests() + " requests");
        }
        return result;
    }

    private static HttpResponse<String> expectBody(HttpClient http, String url, Map<String, String> headers,
                                                   String start) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().startsWith(start)) {
            throw new IllegalStateException("GET " + url + ": expected 200 '" + start + "...', got "
                    + response.statusCode() + " '" + response.body() + "'");
        }
        return response;
    }

    private static String micros(List<Wrk.Result> runs, ToDoubleFunction<Wrk.Result> value) {
        return Report.f0(Report.median(runs.stream().map(value::applyAsDouble).toList())) + " µs";
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
