package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;

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
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The certified provider: {@code src/test/node/provider.mjs} (npm {@code oidc-provider} 9.13) run by {@code node}
 * in a copy under {@code target/interop/node-provider}. The first start there runs {@code npm ci} (again when
 * the lock file changes); node_modules never lives in the sources. Listens on 127.0.0.1; the issuer host may
 * be another name for it ({@code localhost}) so that the provider is another site than apps on 127.0.0.1. Each
 * provider logs to {@code provider-<port>.log} there, so that several can run at once.
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
    private final int port;
    private final Path log;

    private NodeOidcProvider(Process process, String issuer, int port, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.issuer = issuer;
        this.port = port;
        this.log = log;
    }

    /**
     * Installs (if needed) and starts the provider, and waits until its discovery document answers. The
     * post-logout redirect URIs are the apps' base URLs; see {@link #builder} for other settings.
     *
     * @param issuerHost   host name in the issuer URL ({@code localhost} or {@code 127.0.0.1})
     * @param port         the port to listen on, on 127.0.0.1
     * @param redirectUris the test client's redirect URIs
     */
    static NodeOidcProvider start(String issuerHost, int port, List<String> redirectUris) throws IOException {
        return builder(issuerHost, port).redirectUris(redirectUris).start();
    }

    /** A provider with more settings than {@link #start(String, int, List)} takes. */
    static Builder builder(String issuerHost, int port) {
        return new Builder(issuerHost, port);
    }

    /** The settings of one provider process (environment variables of {@code provider.mjs}). */
    static final class Builder {

        private final String issuerHost;
        private final int port;
        private List<String> redirectUris = List.of();
        private List<String> postLogoutRedirectUris;
        private Integer accessTokenTtlSeconds;
        private String backchannelLogoutUri;
        private String clientJwks;

        private Builder(String issuerHost, int port) {
            this.issuerHost = Objects.requireNonNull(issuerHost);
            this.port = port;
        }

        /** The client's redirect URIs (required). */
        Builder redirectUris(List<String> uris) {
            this.redirectUris = List.copyOf(uris);
            return this;
        }

        /** The client's post-logout redirect URIs; default: the base URL of each redirect URI. */
        Builder postLogoutRedirectUris(List<String> uris) {
            this.postLogoutRedirectUris = List.copyOf(uris);
            return this;
        }

        /** Access (and ID) token lifetime; default 300 s. */
        Builder accessTokenTtl(Duration ttl) {
            this.accessTokenTtlSeconds = Math.toIntExact(ttl.toSeconds());
            return this;
        }

        /**
         * Enables Back-Channel Logout with this URI for the client. An https URI on 127.0.0.1 is an app with the
         * test certificate: node is given that certificate (and only it) as an extra trusted one.
         */
        Builder backchannelLogoutUri(String uri) {
            this.backchannelLogoutUri = uri;
            return this;
        }

        /**
         * The high-security client of provider.mjs ({@code OP_HIGH_SECURITY=1}): {@code private_key_jwt} with these
         * public keys (a JWK set, JSON) and no secret, code flow only, DPoP-bound access tokens, pushed
         * authorization requests and DPoP nonces required; every HTTP exchange is recorded as an {@code http} event.
         */
        Builder highSecurity(String publicJwks) {
            this.clientJwks = Objects.requireNonNull(publicJwks);
            return this;
        }

        NodeOidcProvider start() throws IOException {
            return NodeOidcProvider.start(this);
        }
    }

    private static NodeOidcProvider start(Builder settings) throws IOException {
        Path dir = prepare();
        String issuerHost = settings.issuerHost;
        int port = settings.port;
        List<String> redirectUris = settings.redirectUris;
        String issuer = "http://" + issuerHost + ":" + port;
        Path log = dir.resolve("provider-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command("node"), "provider.mjs")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("OP_HOST", "127.0.0.1");
        env.put("OP_PORT", Integer.toString(port));
        env.put("OP_ISSUER", issuer);
        env.put("OP_CLIENT_ID", CLIENT_ID);
        if (settings.clientJwks != null) {
            env.put("OP_HIGH_SECURITY", "1");
            env.put("OP_CLIENT_JWKS", settings.clientJwks);
        } else {
            env.put("OP_CLIENT_SECRET", CLIENT_SECRET);
        }
        env.put("OP_REDIRECT_URIS", String.join(" ", redirectUris));
        env.put("OP_POST_LOGOUT_REDIRECT_URIS", String.join(" ", settings.postLogoutRedirectUris != null
                ? settings.postLogoutRedirectUris
                : redirectUris.stream().map(uri -> uri.substring(0, uri.indexOf('/', uri.indexOf("://") + 3) + 1))
                        .distinct().toList()));
        if (settings.accessTokenTtlSeconds != null) {
            env.put("OP_ACCESS_TOKEN_TTL", Integer.toString(settings.accessTokenTtlSeconds));
        }
        if (settings.backchannelLogoutUri != null) {
            env.put("OP_BACKCHANNEL_LOGOUT_URI", settings.backchannelLogoutUri);
            if (settings.backchannelLogoutUri.startsWith("https:")) {
                // node verifies TLS as usual; the self-signed test certificate becomes one more trusted root
                env.put("NODE_EXTRA_CA_CERTS", testCertificatePem(dir).toString());
            }
        }
        env.put("NODE_ENV", "development");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run node: install Node.js 20+ (Debian package nodejs) or skip these tests "
                    + "with -DskipInteropTests", e);
        }
        NodeOidcProvider provider = new NodeOidcProvider(process, issuer, port, log);
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

    /**
     * What the provider observed so far, oldest first ({@code GET /__interop/events}, see provider.mjs): token
     * grants with fingerprints of the refresh tokens presented and issued, revoked grants, ended sessions,
     * back-channel logout deliveries.
     */
    List<Map<String, Object>> events() throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__interop/events"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the provider's events", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET /__interop/events answered " + response.statusCode() + ": " + response.body());
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object event : (List<?>) Json.object(response.body()).get("events")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) event;
            events.add(Collections.unmodifiableMap(map));
        }
        return List.copyOf(events);
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

    /** The test certificate (see {@link TestTls}) as a PEM file for {@code NODE_EXTRA_CA_CERTS}. */
    private static Path testCertificatePem(Path dir) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(TestTls.get().trustStore())) {
                trust.load(in, TestTls.PASSWORD.toCharArray());
            }
            Certificate certificate = trust.getCertificate(trust.aliases().nextElement());
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return Files.writeString(dir.resolve("test-certificate.pem"), pem, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export the test certificate for node", e);
        }
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
