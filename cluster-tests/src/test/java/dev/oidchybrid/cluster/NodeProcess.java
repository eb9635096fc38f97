package dev.oidchybrid.cluster;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One app node as a separate JVM ({@link ClusterNode}), started with {@link ProcessBuilder}; stdout and stderr
 * go (appended, across restarts) to the node's log file. {@link #kill()} is a crash ({@code destroyForcibly});
 * {@link #start()} again brings the node back on the same port.
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient PROBE = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String name;
    private final int port;
    private final Path log;
    private final List<String> command;
    private Process process;
    /** The log's length when the running process was started: what it wrote since starts there. */
    private long logStart;
    private int starts;

    /**
     * @param name             the node's name (A, B)
     * @param port             its HTTP port on 127.0.0.1
     * @param log              the log file (appended to)
     * @param jvmOptions       JVM options, {@code -D...} included
     * @param classPath        the class path ({@link ClusterNode} and Jetty, Hazelcast, ...)
     * @param nodeArguments    {@link ClusterNode}'s arguments besides {@code --name} and {@code --port}
     */
    NodeProcess(String name, int port, Path log, List<String> jvmOptions, String classPath,
                Map<String, String> nodeArguments) {
        this.name = name;
        this.port = port;
        this.log = log;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ClusterNode.class.getName());
        cmd.add("--name");
        cmd.add(name);
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        nodeArguments.forEach((option, value) -> {
            cmd.add("--" + option);
            cmd.add(value);
        });
        this.command = List.copyOf(cmd);
    }

    /** {@code http://127.0.0.1:<port>}. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /** Starts the JVM (without waiting for it: see {@link #awaitReady()}). */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + name + " is running");
        }
        try {
            Files.createDirectories(log.getParent());
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            logStart = Files.size(log);
            starts++;
            Files.writeString(log, "---- start #" + starts + " of node " + name + " at " + Instant.now() + ": "
                    + masked(command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    /**
     * Waits until the node printed {@link ClusterNode#READY} and answers HTTP (its public page).
     *
     * @throws AssertionError with the node's log when it exits, fails or takes too long
     */
    void awaitReady() {
        awaitLog(line -> line.startsWith(ClusterNode.READY), "the ready line", START_TIMEOUT);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try {
                HttpResponse<String> response = PROBE.send(HttpRequest.newBuilder(
                        URI.create(origin() + ClusterNode.CONTEXT_PATH + "/public/hello"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("node " + name + " answers its public page with " + response.statusCode()
                            + "\n" + logSinceStart());
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("node " + name + " does not answer HTTP: " + e + "\n" + logSinceStart());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            pause(50);
        }
    }

    /**
     * Waits until a line the running process wrote (since its start) matches.
     *
     * @throws AssertionError with the node's log when the process exits or the time is up
     */
    void awaitLog(Predicate<String> line, String what, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String output = logSinceStart();
            if (output.lines().anyMatch(line)) {
                return;
            }
            if (output.lines().anyMatch(l -> l.startsWith(ClusterNode.FAILED))) {
                throw new AssertionError("node " + name + " failed to start:\n" + output);
            }
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new AssertionError("node " + name + " exited (status "
                        + (running == null ? "-" : running.exitValue()) + ") before " + what + ":\n" + output);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("node " + name + ": no " + what + " within " + timeout + ":\n" + output);
            }
            pause(50);
        }
    }

    /** The command line without secret values (client secret, cookie keys). */
    private static String masked(List<String> command) {
        return command.stream()
                .map(arg -> arg.startsWith("-Doidc.client-secret=") || arg.startsWith("-Doidc.cookie-keys=")
                        ? arg.substring(0, arg.indexOf('=') + 1) + "***" : arg)
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** A crash: {@code destroyForcibly}, then waits until the process is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + name + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What the running (or last) process wrote. */
    String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Asks the JVM to stop (shutdown hooks run), without waiting. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Asks the JVM to stop (shutdown hooks run), forcibly after a few seconds. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "node " + name + " (" + origin() + ")";
    }
}
