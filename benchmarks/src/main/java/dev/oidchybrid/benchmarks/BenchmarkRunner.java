package dev.oidchybrid.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.LogManager;

/**
 * Runs every benchmark of BENCHMARKS.md and prints the figures against their goals, with the machine, the
 * date and the command; the same report goes to {@code benchmarks/target/benchmarks/report.md}. Started by
 * {@code mvn -pl benchmarks -Pbench verify} (see BENCHMARKS.md), which passes:
 * <ul>
 *   <li>{@code bench.war}: the sample WAR to load;</li>
 *   <li>{@code bench.mode}: {@code full} or {@code quick} ({@link Settings});</li>
 *   <li>{@code bench.sections}: any of {@code memory,micro,hotpath,cookie,login,login-hs} ({@code cookie}: the hot
 *       path of a second application with {@code session-store=cookie}; {@code jcache}: the same with
 *       {@code session-store=jcache} and a Hazelcast member in this JVM; {@code login-hs}: the logins of the
 *       high-security client, PAR + {@code private_key_jwt} + DPoP, against a provider of their own; {@code outage}:
 *       the provider's token and JWKS endpoints down for a while under signed-in traffic and new logins,
 *       {@link OutageRun});</li>
 *   <li>{@code bench.profile}: {@code true} to profile the hot paths and the logins with JDK Flight Recorder;</li>
 *   <li>{@code bench.output}: where the report, wrk's script and JMH's raw results go.</li>
 * </ul>
 * Exits 2 when a prerequisite (wrk, the WAR) is missing, 1 when a run failed; goals missed do not fail it.
 */
public final class BenchmarkRunner {

    private static final List<String> SECTIONS = List.of("memory", "micro", "hotpath", "cookie", "jcache", "login",
            "login-hs", "outage");

    private BenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Settings settings = Settings.of(System.getProperty("bench.mode", "full"));
        List<String> sections = Arrays.stream(System.getProperty("bench.sections", String.join(",", SECTIONS))
                .split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String section : sections) {
            if (!SECTIONS.contains(section)) {
                fail(2, "unknown section '" + section + "' in bench.sections; known: " + SECTIONS);
            }
        }
        boolean profile = Boolean.getBoolean("bench.profile");
        Path output = Path.of(System.getProperty("bench.output", "target/benchmarks")).toAbsolutePath();
        Path war = Path.of(System.getProperty("bench.war", "")).toAbsolutePath();
        Files.createDirectories(output);
        quietLogging(output);

        boolean server = sections.contains("hotpath") || sections.contains("cookie") || sections.contains("jcache")
                || sections.contains("login");
        boolean highSecurity = sections.contains("login-hs");
        boolean outage = sections.contains("outage");
        Optional<String> wrkVersion = Wrk.version();
        if ((sections.contains("hotpath") || sections.contains("cookie") || sections.contains("jcache"))
                && wrkVersion.isEmpty()) {
            fail(2, "wrk is not installed, and the hot-path benchmarks need it as their load generator: "
                    + Wrk.INSTALL_HINT + ". Or leave them out: -Dbench.sections=memory,micro,login,login-hs");
        }
        if ((server || highSecurity || outage) && !Files.isRegularFile(war)) {
            fail(2, "no sample WAR at '" + war + "': run 'mvn -B -pl filter,testkit,sample-war install -DskipTests' "
                    + "first, or add -am to the benchmark command");
        }

        String date = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
        Report report = new Report();
        try {
            if (sections.contains("memory")) {
                System.out.println("[memory] session sizes");
                SessionSizes.run(report);
            }
            if (sections.contains("micro")) {
                System.out.println("[micro] JMH microbenchmarks");
                MicroRun.run(settings, report, output);
            }
            if (server) {
                try (AppUnderTest app = AppUnderTest.start(war)) {
                    if (sections.contains("hotpath")) {
                        HotPathRun.run(app, settings, report, output, profile);
                    }
                    if (sections.contains("cookie")) {
                        // a second application, same provider, stopped before the logins run
                        try (AppUnderTest cookieApp = AppUnderTest.startWith(war, app.provider,
                                Map.of("session-store", "cookie"))) {
                            HotPathRun.runCookieStore(cookieApp, settings, report, output, profile);
                        }
                    }
                    if (sections.contains("jcache")) {
                        try (AppUnderTest jcacheApp = AppUnderTest.startWith(war, app.provider,
                                HazelcastMember.settings(output))) {
                            HotPathRun.runJCacheStore(jcacheApp, settings, report, output, profile);
                        } finally {
                            // the member's threads would keep this JVM running after the report
                            com.hazelcast.core.Hazelcast.shutdownAll();
                        }
                    }
                    if (sections.contains("login")) {
                        LoginRun.run(app, LoginRun.SECRET, settings, report, output, profile);
                    }
                }
            }
            if (highSecurity) {
                // its own provider (it requires PAR) and application, after the others have stopped
                HighSecurityClient client = HighSecurityClient.generate();
                try (AppUnderTest app = AppUnderTest.startHighSecurity(war, client)) {
                    LoginRun.run(app, LoginRun.highSecurity(client), settings, report, output, profile);
                }
            }
            if (outage) {
                // two applications with providers of their own, whose endpoints it takes down and brings back
                OutageRun.run(war, settings, report);
            }
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            // the figures so far, with what failed, for the report to say so
            report.detail("**The run failed:** " + e);
            report.write(output.resolve("report.md"), "## Figures (" + settings.mode() + " run, FAILED)\n\n- Command: `"
                    + command(settings, sections, profile) + "`\n");
            System.out.println(report.markdown("## Figures (failed run)\n"));
            fail(1, "benchmark run failed: " + e + " (figures so far in " + output.resolve("report.md") + ")");
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String header = "## Figures (" + settings.mode() + " run)\n\n"
                + "- Date: " + date + "\n"
                + "- Command: `" + command(settings, sections, profile) + "`\n"
                + "- Machine: " + Machine.describe() + "\n"
                + "- Load generator: " + wrkVersion.orElse("wrk not used") + "\n"
                + "- Run time of the runner: " + seconds / 60 + " min " + seconds % 60 + " s\n";
        report.write(output.resolve("report.md"), header);
        System.out.println();
        System.out.println(report.markdown(header));
        System.out.println("Report written to " + output.resolve("report.md"));
        System.out.println(report.allGoalsMet() ? "All goals met." : "Some goals missed: see BENCHMARKS.md for why.");
    }

    /** The command that reproduces this run. */
    private static String command(Settings settings, List<String> sections, boolean profile) {
        StringBuilder command = new StringBuilder("mvn -B -pl benchmarks -Pbench verify");
        if (!settings.mode().equals("full")) {
            command.append(" -Dbench.mode=").append(settings.mode());
        }
        if (!sections.equals(SECTIONS)) {
            command.append(" -Dbench.sections=").append(String.join(",", sections));
        }
        if (profile) {
            command.append(" -Dbench.profile=true");
        }
        for (String property : List.of("bench.hot.rounds", "bench.hot.seconds")) {
            String value = System.getProperty(property, "");
            if (!value.isBlank()) {
                command.append(" -D").append(property).append('=').append(value);
            }
        }
        return command.toString();
    }

    /**
     * The filter's INFO lines (one per login) and Jetty's start-up lines off: on a console they would measure
     * the terminal. Warnings still show. Also written for JMH's forks.
     */
    private static void quietLogging(Path output) throws IOException {
        String properties = "handlers = java.util.logging.ConsoleHandler\n"
                + ".level = INFO\n"
                + "dev.oidchybrid.level = WARNING\n"
                + "java.util.logging.ConsoleHandler.level = ALL\n";
        Files.writeString(output.resolve("logging.properties"), properties);
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static void fail(int status, String message) {
        System.err.println();
        System.err.println("BENCHMARK: " + message);
        System.exit(status);
    }
}
