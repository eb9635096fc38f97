package dev.oidchybrid.dropin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server (or its command-line tool) started by its own script, as an operator starts it, with its console output
 * in a file. Closing ends the whole process tree (the script and the JVM it started), gently first; a JVM shutdown
 * hook does the same if the test run ends early, so no server outlives the tests.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path output;
    private final Thread stopAtExit;

    private ServerProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.stopAtExit = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Runs {@code command} in {@code directory} with the inherited environment less any {@code OIDC_*} variable,
     * plus {@code environment}; stdout and stderr go to {@code output}.
     */
    static ServerProcess start(String name, List<String> command, Path directory, Map<String, String> environment,
                               Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("OIDC_"));
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** Waits until {@code url} answers 200, failing early (with the console output) if the server ends. */
    void awaitReady(URI url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended with exit code " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not ready at " + url + " within " + timeout + ":\n" + output());
    }

    /** Waits for the process to end by itself (a command-line tool); returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not end within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the server printed so far. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void stop() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!awaitEnd(tree)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitEnd(tree);
        }
    }

    private boolean awaitEnd(List<ProcessHandle> tree) {
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        try {
            for (ProcessHandle handle : tree) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            }
            long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            return process.waitFor(left, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception timeout) {
            return false;
        }
    }
}
