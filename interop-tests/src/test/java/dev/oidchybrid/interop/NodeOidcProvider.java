package dev.oidchybrid.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The certified provider: {@code src/test/node/provider.mjs} (npm {@code oidc-provider} 9.13) run by {@code node}
 * in a copy under {@code target/interop/node-provider}. The first start there runs {@code npm ci} (again when
 * the lock file changes); node_modules never lives in the sources. Listens on 127.0.0.1; the issuer host may
 * be another name for it ({@code localhost}) so that the provider is another site than apps on 127.0.0.1.
 */
final class NodeOidcProvider implements AutoCloseable {

    static final String CLIENT_ID = "interop-client";
    static final String CLIENT_SECRET = "interop-client-secret-not-for-production";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "provider.mjs");

    private final Process process;
    private final OutputStream stdin;
    private final String issuer;
    private final Path log;

    private NodeOidcProvider(Process process, String issuer, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.issuer = issuer;
        this.log = log;
    }

    /**
     * Installs (if needed) and starts the provider, and waits until its discovery document answers.
     *
     * @param issuerHost   host name in the issuer URL ({@code localhost} or {@code 127.0.0.1})
     * @param port         the port to listen on, on 127.0.0.1
     * @param redirectUris the test client's redirect URIs
     */
    static NodeOidcProvider start(String issuerHost, int port, List<String> redirectUris) throws IOException {
        Path dir = prepare();
        String issuer = "http://" + issuerHost + ":" + port;
        Path log = dir.resolve("provider.log");
        ProcessBuilder builder = new ProcessBuilder(command("node"), "provider.mjs")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("OP_HOST", "127.0.0.1");
        env.put("OP_PORT", Integer.toString(port));
        env.put("OP_ISSUER", issuer);
        env.put("OP_CLIENT_ID", CLIENT_ID);
        env.put("OP_CLIENT_SECRET", CLIENT_SECRET);
        env.put("OP_REDIRECT_URIS", String.join(" ", redirectUris));
        env.put("OP_POST_LOGOUT_REDIRECT_URIS", String.join(" ", redirectUris.stream()
                .map(uri -> uri.substring(0, uri.indexOf('/', uri.indexOf("://") + 3) + 1)).distinct().toList()));
        env.put("NODE_ENV", "development");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run node: install Node.js 20+ (Debian package nodejs) or skip these tests "
                    + "with -DskipInteropTests", e);
        }
        NodeOidcProvider provider = new NodeOidcProvider(process, issuer, log);
        try {
            provider.awaitDiscovery("http://127.0.0.1:" + port + "/.well-known/openid-configuration");
        } catch (IOException | RuntimeException e) {
            provider.close();
            throw e;
        }
        return provider;
    }

    String issuer() {
        return issuer;
    }

    /** The provider's output so far (for failure messages). */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is going anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitDiscovery(String url) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the node provider exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"issuer\":\"" + issuer + "\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the node provider", e);
            }
            sleep(100);
        }
        throw new IOException("the node provider did not serve " + url + " within " + START_TIMEOUT + ":\n" + output());
    }

    /** Copies the sources to the work folder and runs {@code npm ci} there when node_modules is missing or stale. */
    private static synchronized Path prepare() throws IOException {
        Path sources = InteropEnvironment.nodeSources();
        Path dir = Files.createDirectories(InteropEnvironment.workDir().resolve("node-provider"));
        for (String file : FILES) {
            Files.copy(sources.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path marker = dir.resolve("node_modules").resolve(".interop-installed-lock.json");
        byte[] lock = Files.readAllBytes(dir.resolve("package-lock.json"));
        boolean installed = Files.isRegularFile(dir.resolve("node_modules/oidc-provider/package.json"))
                && Files.isRegularFile(marker) && Arrays.equals(lock, Files.readAllBytes(marker));
        if (!installed) {
            npmCi(dir);
            Files.write(marker, lock);
        }
        return dir;
    }

    private static void npmCi(Path dir) throws IOException {
        Path log = dir.resolve("npm-ci.log");
        ProcessBuilder builder = new ProcessBuilder(command("npm"), "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("npm_config_update_notifier", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run npm: install Node.js 20+ and npm (Debian packages nodejs npm) or skip "
                    + "these tests with -DskipInteropTests", e);
        }
        try {
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm ci did not finish within " + INSTALL_TIMEOUT + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted during npm ci", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm ci failed (exit " + process.exitValue() + ") in " + dir + ":\n"
                    + Files.readString(log));
        }
    }

    /** {@code node}/{@code npm}, or the path given by {@code -Dinterop.node} / {@code -Dinterop.npm}. */
    private static String command(String name) {
        return System.getProperty("interop." + name, name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
