package dev.oidchybrid.benchmarks;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JMH microbenchmarks of {@code dev.oidchybrid.benchmarks.micro}, each in one forked JVM, average time per
 * operation with JMH's GC profiler (bytes allocated per operation). Run before the servers start, so nothing
 * else competes for the cores.
 */
final class MicroRun {

    private static final String PACKAGE = "dev.oidchybrid.benchmarks.micro.";

    private MicroRun() {
    }

    /** One benchmark's figures: microseconds per operation (± the 99.9 % confidence half-width), bytes per op. */
    private record Score(double micros, double error, double bytes) {
    }

    static void run(Settings settings, Report report, Path workDir) throws Exception {
        Options options = new OptionsBuilder()
                .include(PACKAGE.replace(".", "\\.") + ".*")
                .forks(1)
                .warmupIterations(settings.jmhWarmups())
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(settings.jmhIterations())
                .measurementTime(TimeValue.seconds(1))
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .jvmArgsAppend("-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Djava.util.logging.config.file=" + workDir.resolve("logging.properties"))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .result(workDir.resolve("jmh.json").toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().substring(PACKAGE.length());
            String algorithm = result.getParams().getParam("algorithm");
            if (algorithm != null) {
                name += "[" + algorithm + "]";
            }
            Result<?> primary = result.getPrimaryResult();
            Result<?> bytes = result.getSecondaryResults().get("gc.alloc.rate.norm");
            scores.put(name, new Score(primary.getScore(), primary.getScoreError(),
                    bytes == null ? Double.NaN : bytes.getScore()));
        }

        row(report, scores, "ID token validation, RS256 (all rules, Auth0-sized token)",
                "IdTokenValidationBenchmark.validate[RS256]");
        row(report, scores, "ID token validation, ES256 (all rules, Auth0-sized token)",
                "IdTokenValidationBenchmark.validate[ES256]");
        row(report, scores, "Authorization URL building", "LoginStartBenchmark.authorizationUrl");
        row(report, scores, "Login start (state, nonce, PKCE verifier and challenge, URL)", "LoginStartBenchmark.loginStart");
        row(report, scores, "State cookie seal", "PendingLoginSealBenchmark.seal");
        row(report, scores, "State cookie unseal", "PendingLoginSealBenchmark.unseal");
        row(report, scores, "Session seal (`cookie`/`jcache` stores)", "SessionCodecBenchmark.seal");
        row(report, scores, "Session unseal (`cookie` store, every request)", "SessionCodecBenchmark.unseal");
        row(report, scores, "jose4j RS256 signature check alone", "JoseBenchmark.rs256Verify");
        row(report, scores, "jose4j RS256 signature alone (the provider's side)", "JoseBenchmark.rs256Sign");
        row(report, scores, "In-process request, filter pass-through (`/hello`)", "FilterPassThroughBenchmark.protectedHello");
        row(report, scores, "In-process request, no filter (`/public/hello`)", "FilterPassThroughBenchmark.publicHello");
        Score protectedHello = scores.get("FilterPassThroughBenchmark.protectedHello");
        Score publicHello = scores.get("FilterPassThroughBenchmark.publicHello");
        if (protectedHello != null && publicHello != null) {
            double error = Math.hypot(protectedHello.error(), publicHello.error());
            report.info("JMH: what the filter adds to an in-process request",
                    Report.f0(protectedHello.bytes() - publicHello.bytes()) + " B allocated; "
                            + Report.f2(protectedHello.micros() - publicHello.micros())
                            + (Double.isNaN(error) ? "" : " ± " + Report.f2(error)) + " µs (a time difference smaller "
                            + "than the two benchmarks' noise is not resolved)");
        }
        row(report, scores, "The filter alone, signed-in `GET /hello` (no container: plain maps)",
                "FilterAloneBenchmark.protectedRequest");
        row(report, scores, "The filter alone, excluded `GET /public/hello` (no container: plain maps)",
                "FilterAloneBenchmark.excludedRequest");
        report.detail("### JMH settings");
        report.detail("");
        report.detail("One fork per benchmark, " + settings.jmhWarmups() + " × 1 s warm-up, " + settings.jmhIterations()
                + " × 1 s measured, average time; ± is JMH's 99.9 % confidence half-width; bytes allocated per "
                + "operation from JMH's GC profiler. Raw results: `benchmarks/target/benchmarks/jmh.json`.");
        report.detail("");
    }

    private static void row(Report report, Map<String, Score> scores, String label, String key) {
        Score score = scores.get(key);
        if (score == null) {
            return;
        }
        String error = Double.isNaN(score.error()) ? "" : " ± " + Report.f2(score.error());
        report.info("JMH: " + label, Report.f2(score.micros()) + error + " µs/op, " + Report.f0(score.bytes()) + " B/op");
    }
}
