package dev.oidchybrid.interop;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made once per test JVM with the
 * JDK's {@code keytool} into {@code target/interop/tls/}. The clients trust exactly this certificate: HtmlUnit
 * and the JDK HTTP client through a trust store holding only it, Chromium through
 * {@code --ignore-certificate-errors-spki-list} with its public key hash (not a blanket
 * {@code --ignore-certificate-errors}).
 */
final class TestTls {

    static final String PASSWORD = "interop-secret";
    private static final String ALIAS = "interop";

    private static TestTls instance;

    private final Path keyStore;
    private final Path trustStore;
    private final X509Certificate certificate;

    private TestTls(Path keyStore, Path trustStore, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.certificate = certificate;
    }

    static synchronized TestTls get() {
        if (instance == null) {
            instance = create(InteropEnvironment.workDir().resolve("tls"));
        }
        return instance;
    }

    /** PKCS12 key store with the server's key and certificate (password {@link #PASSWORD}). */
    Path keyStore() {
        return keyStore;
    }

    /** PKCS12 trust store holding only the server certificate (password {@link #PASSWORD}). */
    Path trustStore() {
        return trustStore;
    }

    /** An SSL context trusting only the test certificate. */
    SSLContext clientContext() {
        try {
            KeyStore trusted = load(trustStore);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the test SSL context", e);
        }
    }

    /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's SPKI allow-list wants it. */
    String spkiSha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestTls create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("server.p12");
            Files.deleteIfExists(keyStore);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            run(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                    "-sigalg", "SHA256withRSA", "-validity", "7", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD), dir);
            X509Certificate certificate = (X509Certificate) load(keyStore).getCertificate(ALIAS);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            Path trustStore = dir.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, PASSWORD.toCharArray());
            }
            return new TestTls(keyStore, trustStore, certificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test certificate in " + dir, e);
        }
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output);
        }
    }
}
