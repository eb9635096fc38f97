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
 */
final class HotPathRun {

    private HotPathRun() {
    }

    static void run(AppUnderTest app, Settings settings, Report report, Path workDir, boolean profile)
            throws Exception {
        HttpClient http = ScriptedBrowser.newClient();
        ScriptedBrowser.LoggedIn login = new ScriptedBrowser(http)
                .logIn(app.url("/hello"), AppUnderTest.USERNAME, AppUnderTest.PASSWORD);
        Map<String, String> headers = Map.of("Cookie", ScriptedBrowser.cookieHeader(login.cookies()));
        String protectedUrl = app.url("/hello");
        String publicUrl = app.url("/public/hello");
        String expectedName = "hello auth0|";
        expectBody(http, protectedUrl, headers, expectedName);
        expectBody(http, publicUrl, headers, "hello anonymous");

        Wrk wrk = new Wrk(settings.wrkThreads(), settings.wrkConnections(), workDir);
        ProviderCalls before = ProviderCalls.of(app.provider.counters());
        System.out.println("[hotpath] warm-up: " + settings.hotWarmupSeconds() + " s per path with " + wrk.describe());
        check(wrk.run(publicUrl, settings.hotWarmupSeconds(), headers), publicUrl);
        check(wrk.run(protectedUrl, settings.hotWarmupSeconds(), headers), protectedUrl);

        List<Wrk.Result> protectedRuns = new ArrayList<>();
        List<Wrk.Result> publicRuns = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < settings.hotRounds(); round++) {
            Wrk.Result pub;
            Wrk.Result prot;
            if (round % 2 == 0) {
                pub = check(wrk.run(publicUrl, settings.hotSeconds(), headers), publicUrl);
                prot = check(wrk.run(protectedUrl, settings.hotSeconds(), headers), protectedUrl);
            } else {
                prot = check(wrk.run(protectedUrl, settings.hotSeconds(), headers), protectedUrl);
                pub = check(wrk.run(publicUrl, settings.hotSeconds(), headers), publicUrl);
            }
            publicRuns.add(pub);
            protectedRuns.add(prot);
            double ratio = prot.requestsPerSecond() / pub.requestsPerSecond();
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "[hotpath] round %d: /hello %.0f req/s, /public/hello %.0f req/s,"
                    + " ratio %.3f%n", round + 1, prot.requestsPerSecond(), pub.requestsPerSecond(), ratio);
        }
        ProviderCalls calls = ProviderCalls.of(app.provider.counters()).since(before);
        expectBody(http, protectedUrl, headers, expectedName);

        double ratio = Report.median(ratios);
        double protRps = Report.median(protectedRuns.stream().map(Wrk.Result::requestsPerSecond).toList());
        double pubRps = Report.median(publicRuns.stream().map(Wrk.Result::requestsPerSecond).toList());
        long requests = protectedRuns.stream().mapToLong(Wrk.Result::requests).sum()
                + publicRuns.stream().mapToLong(Wrk.Result::requests).sum();
        report.figure("Hot path: throughput `GET /hello` ÷ `GET /public/hello`",
                Report.f3(ratio) + " (median of " + ratios.size() + " rounds; " + Report.f3(min(ratios)) + " – "
                        + Report.f3(max(ratios)) + ")", "≥ 0.97", ratio >= 0.97);
        report.info("Hot path: `GET /hello` (filter, session)", Report.f0(protRps) + " req/s, p50 "
                + micros(protectedRuns, Wrk.Result::p50) + ", p99 " + micros(protectedRuns, Wrk.Result::p99));
        report.info("Hot path: `GET /public/hello` (no filter)", Report.f0(pubRps) + " req/s, p50 "
                + micros(publicRuns, Wrk.Result::p50) + ", p99 " + micros(publicRuns, Wrk.Result::p99));
        report.figure("Hot path: provider calls during the load run", calls.total() + " in " + Report.f0(requests)
                + " requests (" + calls + ")", "0", calls.total() == 0);

        report.detail("### Hot path rounds");
        report.detail("");
        report.detail("Load: `" + wrk.describe() + "`, " + settings.hotSeconds() + " s per path per round, after "
                + settings.hotWarmupSeconds() + " s of warm-up per path; both paths send the same session cookie. "
                + "Latencies from wrk's histogram.");
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
            System.out.println("[hotpath] profiling " + settings.hotSeconds() + " s of /hello with JDK Flight Recorder");
            Path recording = workDir.resolve("hotpath.jfr");
            FlightRecordings.record(recording, () -> check(wrk.run(protectedUrl, settings.hotSeconds(), headers), protectedUrl));
            report.detail("### Hot path profile (`GET /hello` for " + settings.hotSeconds() + " s, `" + recording.getFileName()
                    + "`)");
            report.detail("");
            FlightRecordings.filterShare(recording).forEach(report::detail);
            report.detail("");
        }
    }

    private static Wrk.Result check(Wrk.Result result, String url) {
        if (result.errors() > 0 || result.statusErrors() > 0 || result.requests() == 0) {
            throw new IllegalStateException("load run of " + url + " had " + result.errors() + " socket errors and "
                    + result.statusErrors() + " error answers in " + result.requests() + " requests");
        }
        return result;
    }

    private static void expectBody(HttpClient http, String url, Map<String, String> headers, String start)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().startsWith(start)) {
            throw new IllegalStateException("GET " + url + ": expected 200 '" + start + "...', got "
                    + response.statusCode() + " '" + response.body() + "'");
        }
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
