import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes {@code docs/home-signed-in.png}, the README's picture of the sample's home page: starts the real demo
 * ({@code demo/target/oidc-demo.jar}, with its development provider), signs in as alice in headless Chromium
 * through the provider's login page (driven by chromedriver's WebDriver endpoint, no other tool), and saves the
 * signed-in home page.
 *
 * <pre>
 * mvn -q -DskipTests package              # builds demo/target/oidc-demo.jar
 * java docs/HomeScreenshot.java            # from the repository root; Java 17, Debian's chromium and chromedriver
 * </pre>
 *
 * {@code -Dchromium=...}, {@code -Dchromedriver=...} name other binaries; {@code -Dout=...} another file.
 */
public final class HomeScreenshot {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private HomeScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("demo/target/oidc-demo.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run 'mvn -q -DskipTests package' from the repository root");
        }
        Path out = Path.of(System.getProperty("out", "docs/home-signed-in.png"));
        int appPort = freePort();
        int driverPort = freePort();
        Process demo = null;
        Process driver = null;
        Path profile = Files.createTempDirectory("home-screenshot-chromium");
        try {
            ProcessBuilder demoProcess = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar.toString()).redirectErrorStream(true);
            demoProcess.environment().keySet().removeIf(name -> name.startsWith("OIDC_"));
            demoProcess.environment().put("PORT", Integer.toString(appPort));
            demo = demoProcess.start();
            awaitLine(demo, "Press Ctrl-C");

            driver = new ProcessBuilder(System.getProperty("chromedriver", "/usr/bin/chromedriver"),
                    "--port=" + driverPort).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String webDriver = "http://127.0.0.1:" + driverPort;
            await(() -> get(webDriver + "/status").contains("\"ready\":true"), "chromedriver");

            String session = string(post(webDriver + "/session", """
                    {"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"%s",
                    "args":["--headless","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--no-first-run",
                    "--hide-scrollbars","--force-device-scale-factor=1","--window-size=1000,900","--user-data-dir=%s"]}}}}
                    """.formatted(System.getProperty("chromium", "/usr/bin/chromium"), profile)), "sessionId");
            String s = webDriver + "/session/" + session;
            String app = "http://localhost:" + appPort + "/";
            try {
                // the home page's "Sign in" link: the provider's login page, then back home
                post(s + "/url", "{\"url\":\"" + app + "sign-in\"}");
                type(s, "input[name=username]", "alice");
                type(s, "input[name=password]", "alice-password");
                post(s + "/element/" + element(s, "button[value=login]") + "/click", "{}");
                await(() -> string(get(s + "/url"), "value").equals(app)
                        && get(s + "/source").contains("Signed in as"), "the signed-in home page");
                String height = string(post(s + "/execute/sync", "{\"script\":\"return String(document"
                        + ".documentElement.scrollHeight)\",\"args\":[]}"), "value");
                post(s + "/window/rect", "{\"width\":1000,\"height\":" + (Integer.parseInt(height) + 140) + "}");
                byte[] png = Base64.getDecoder().decode(string(get(s + "/screenshot"), "value"));
                Files.write(out, png);
                System.out.println("wrote " + out + " (" + png.length + " bytes)");
            } finally {
                HTTP.send(HttpRequest.newBuilder(URI.create(s)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        } finally {
            stop(driver);
            stop(demo);
        }
    }

    private static void type(String session, String selector, String text) throws Exception {
        String id = element(session, selector);
        post(session + "/element/" + id + "/value", "{\"text\":\"" + text + "\"}");
    }

    /** Waits for the element (the login page loads after a redirect) and returns its WebDriver id. */
    private static String element(String session, String selector) throws Exception {
        String[] id = new String[1];
        await(() -> {
            String answer = post(session + "/element", "{\"using\":\"css selector\",\"value\":\"" + selector + "\"}");
            Matcher m = Pattern.compile("\"element-6066-11e4-a52e-4f735466cecf\":\"([^\"]+)\"").matcher(answer);
            return m.find() && (id[0] = m.group(1)) != null;
        }, selector);
        return id[0];
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.met()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gave up waiting for " + what);
    }

    /** Reads the demo's output until a line contains {@code text}; fails when it exits first. */
    private static void awaitLine(Process process, String text) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.contains(text)) {
                        return true;
                    }
                    System.out.println("demo | " + line);
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        if (!seen.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the demo stopped before its banner");
        }
        // keep draining its output, so it never blocks on a full pipe
        CompletableFuture.runAsync(() -> reader.lines().forEach(line -> { }));
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A string member of a WebDriver answer (the answers are small and flat enough for a pattern). */
    private static String string(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in WebDriver answer: " + json);
        }
        return m.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
