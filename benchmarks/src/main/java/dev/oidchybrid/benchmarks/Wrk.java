package dev.oidchybrid.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code wrk} as the load generator: HTTP/1.1 with kept-alive connections, a fixed number of
 * connections, and latency percentiles from its own histogram (a small Lua script prints them in one line).
 * It runs as a separate process on the same two cores as Jetty.
 */
final class Wrk {

    static final String INSTALL_HINT = "install Debian's wrk: apt-get update && apt-get install -y wrk";

    /** One run of wrk. Latencies in microseconds. */
    record Result(long requests, double seconds, long errors, long statusErrors, double p50, double p90, double p99,
                  double max) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final int threads;
    private final int connections;
    private final Path script;

    Wrk(int threads, int connections, Path workDir) throws IOException {
        this.threads = threads;
        this.connections = connections;
        Files.createDirectories(workDir);
        this.script = workDir.resolve("wrk-report.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("wrk-report.lua")) {
            if (in == null) {
                throw new IllegalStateException("wrk-report.lua missing from the class path");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** wrk's version line, or empty when wrk cannot be started (not installed). */
    static Optional<String> version() {
        try {
            Process process = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return Optional.of(out.lines().findFirst().orElse("wrk").trim());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    String describe() {
        return "wrk -t" + threads + " -c" + connections;
    }

    /** Loads {@code url} for {@code seconds} with the given request headers. */
    Result run(String url, int seconds, Map<String, String> headers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString()));
        headers.forEach((name, value) -> {
            command.add("-H");
            command.add(name + ": " + value);
        });
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new IllegalStateException("wrk failed: " + out);
        }
        String line = out.lines().filter(l -> l.startsWith("WRK-RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result line in wrk's output: " + out));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring("WRK-RESULT ".length()).trim().split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        long socketErrors = values.get("errors_connect") + values.get("errors_read") + values.get("errors_write")
                + values.get("errors_timeout");
        return new Result(values.get("requests"), values.get("duration_us") / 1e6, socketErrors,
                values.get("errors_status"), values.get("p50_us"), values.get("p90_us"), values.get("p99_us"),
                values.get("max_us"));
    }
}
