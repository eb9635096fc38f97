package dev.oidchybrid.benchmarks;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Records a run with JDK Flight Recorder (the {@code profile} settings, with a stack sample of each thread running
 * Java code every millisecond) and summarizes it. The recording stays beside the report for JDK Mission Control.
 *
 * <ul>
 *   <li>{@link #filterShare}: where the filter's own time goes on the hot path. A sample is the filter's when,
 *       walking from the running method outwards, a filter frame ({@code dev.oidchybrid.filter}) comes before
 *       any frame of the application ({@code dev.oidchybrid.sample}) or of Jetty's servlet chain (which the filter
 *       calls to pass the request on); it is charged to that innermost filter frame.</li>
 *   <li>{@link #components}: which code the time of a login goes to, by the innermost frame that belongs to a
 *       known component (the filter, jose4j, the JDK's RSA, Jersey, the provider, ...), and by thread.</li>
 *   <li>{@link #filterRequests}: inside the filter's two requests of a login (samples under the benchmark's
 *       {@link ServerTiming} filter), by the filter operation they belong to.</li>
 * </ul>
 */
final class FlightRecordings {

    private static final String FILTER = "dev.oidchybrid.filter.";
    private static final String APPLICATION = "dev.oidchybrid.sample.";
    private static final String SERVLET_CHAIN = "org.eclipse.jetty.ee10.servlet.";
    private static final int TOP = 12;

    /** Components by package prefix, most specific first; the first match from the running method outwards wins. */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("dev.oidchybrid.filter.", "filter code");
        COMPONENTS.put(ServerTiming.class.getName(), "benchmark's timing filter");
        COMPONENTS.put("dev.oidchybrid.testkit.", "development provider (incl. its RS256 signing)");
        COMPONENTS.put("dev.oidchybrid.benchmarks.", "benchmark client (scripted browser)");
        COMPONENTS.put("dev.oidchybrid.sample.", "sample application");
        COMPONENTS.put("org.jose4j.", "jose4j (JWS, JWE, JSON)");
        COMPONENTS.put("org.glassfish.jersey.", "Jersey client (the filter's token request)");
        COMPONENTS.put("org.glassfish.hk2.", "Jersey client (the filter's token request)");
        COMPONENTS.put("org.jvnet.hk2.", "Jersey client (the filter's token request)");
        COMPONENTS.put("org.eclipse.yasson.", "Yasson (JSON-B)");
        COMPONENTS.put("org.eclipse.parsson.", "Yasson (JSON-B)");
        COMPONENTS.put("org.eclipse.jetty.", "Jetty");
        COMPONENTS.put("sun.net.httpserver.", "JDK HTTP server (the provider's)");
        COMPONENTS.put("jdk.internal.net.http.", "JDK HTTP client (the scripted browser's)");
        COMPONENTS.put("sun.net.www.", "JDK HttpURLConnection (Jersey's connector)");
    }

    /**
     * The operations of the filter's two login requests, by class simple name and method; a sample is charged to
     * the innermost one on its stack.
     */
    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("IdTokenValidator.validate", "ID token validation (front channel and token endpoint)");
        OPERATIONS.put("JerseyTokenClient.redeemCode", "token request: Jersey client, JSON parsing (not the wait)");
        OPERATIONS.put("JerseyParClient.push", "PAR request: Jersey client, JSON parsing (not the wait)");
        OPERATIONS.put("ClientAssertions.credentials", "client assertion (private_key_jwt): signing");
        OPERATIONS.put("DpopKey.generate", "DPoP: the session's key pair");
        OPERATIONS.put("DpopKey.proof", "DPoP: proof signing");
        OPERATIONS.put("PendingLoginCookies.find", "state cookie: find and unseal");
        OPERATIONS.put("PendingLoginCookies.add", "state cookie: seal and set");
        OPERATIONS.put("PendingLoginCookies.remove", "state cookie: expire");
        OPERATIONS.put("LoginFlow.start", "login start: state, nonce, PKCE, URL");
        OPERATIONS.put("LoginFlow.checkState", "callback: state check, used-state mark");
        OPERATIONS.put("CallbackEndpoint.parameters", "callback: form body parsing (Jetty)");
        OPERATIONS.put("CallbackParser.parse", "callback: parameters");
        OPERATIONS.put("SessionFactory.create", "session: principal and roles");
        OPERATIONS.put("HttpSessionStore.saveNewLogin", "session: new HttpSession (Jetty)");
        OPERATIONS.put("LoginAttempts.mayStart", "login-loop counter cookie");
        OPERATIONS.put("LoginAttempts.recordCompleted", "login-loop counter cookie");
        OPERATIONS.put("RequestKind.isNavigation", "request kind");
        OPERATIONS.put("SessionRefresh.current", "session lookup (none yet)");
    }

    private FlightRecordings() {
    }

    /** Runs {@code load} while recording to {@code file}. */
    static void record(Path file, Callable<?> load) throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            load.call();
            recording.stop();
            recording.dump(file);
        }
    }

    /** The filter's share of a hot-path recording, as Markdown lines. */
    static List<String> filterShare(Path file) throws IOException {
        int samples = 0;
        int filterSamples = 0;
        int applicationSamples = 0;
        Map<String, Integer> byFilterFrame = new HashMap<>();
        for (List<RecordedFrame> frames : stacks(file).values().stream().flatMap(List::stream).toList()) {
            samples++;
            boolean chain = false;
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(APPLICATION)) {
                    applicationSamples++;
                    break;
                }
                chain |= type.startsWith(SERVLET_CHAIN);
                if (type.startsWith(FILTER)) {
                    if (!chain) {
                        filterSamples++;
                        byFilterFrame.merge(name(frame), 1, Integer::sum);
                    }
                    break;
                }
            }
        }
        int all = samples;
        List<String> lines = new ArrayList<>();
        lines.add(samples + " stack samples of threads running Java code (threads waiting on sockets are not "
                + "sampled). The filter's own code and what it calls: " + percent(filterSamples, samples)
                + "; the servlet and what it calls: " + percent(applicationSamples, samples) + "; the rest is Jetty "
                + "and the JDK.");
        lines.add("");
        lines.add("| innermost filter frame | share of all samples |");
        lines.add("|---|---|");
        top(byFilterFrame).forEach(e -> lines.add("| `" + e.getKey() + "` | " + percent(e.getValue(), all) + " |"));
        return lines;
    }

    /** A login recording by component and by thread, as Markdown lines. */
    static List<String> components(Path file) throws IOException {
        Map<String, List<List<RecordedFrame>>> byThread = stacks(file);
        int samples = byThread.values().stream().mapToInt(List::size).sum();
        Map<String, Integer> byComponent = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        byThread.forEach((thread, stacks) -> {
            threads.merge(threadGroup(thread), stacks.size(), Integer::sum);
            for (List<RecordedFrame> frames : stacks) {
                String component = "JDK (crypto, I/O, collections) and other";
                for (RecordedFrame frame : frames) {
                    String type = frame.getMethod().getType().getName();
                    String match = COMPONENTS.entrySet().stream().filter(e -> type.startsWith(e.getKey()))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    if (match != null) {
                        component = match;
                        break;
                    }
                }
                byComponent.merge(component, 1, Integer::sum);
            }
        });
        List<String> lines = new ArrayList<>();
        lines.add(samples + " stack samples of threads running Java code. A sample counts for the innermost frame "
                + "of a known component (so the JDK's RSA arithmetic called by jose4j counts as jose4j, and "
                + "jose4j called by the provider counts as the provider).");
        lines.add("");
        lines.add("| component | share |");
        lines.add("|---|---|");
        top(byComponent).forEach(e -> lines.add("| " + e.getKey() + " | " + percent(e.getValue(), samples) + " |"));
        lines.add("");
        lines.add("| threads | share |");
        lines.add("|---|---|");
        top(threads).forEach(e -> lines.add("| " + e.getKey() + " | " + percent(e.getValue(), samples) + " |"));
        return lines;
    }

    /** Inside the filter's two login requests: samples under {@link ServerTiming}, by filter operation. */
    static List<String> filterRequests(Path file) throws IOException {
        String timing = ServerTiming.class.getName();
        int samples = 0;
        Map<String, Integer> byOperation = new HashMap<>();
        for (List<RecordedFrame> frames : stacks(file).values().stream().flatMap(List::stream).toList()) {
            int timingFrame = -1;
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).getMethod().getType().getName().equals(timing)) {
                    timingFrame = i;
                    break;
                }
            }
            if (timingFrame < 0) {
                continue;
            }
            samples++;
            String operation = null;
            String component = null;
            for (RecordedFrame frame : frames.subList(0, timingFrame + 1)) {
                String type = frame.getMethod().getType().getName();
                operation = OPERATIONS.get(type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName());
                if (operation != null) {
                    break;
                }
                if (component == null) {
                    component = COMPONENTS.entrySet().stream().filter(e -> type.startsWith(e.getKey()))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                }
            }
            byOperation.merge(operation != null ? operation : "elsewhere: " + (component == null ? "JDK" : component),
                    1, Integer::sum);
        }
        int all = samples;
        List<String> lines = new ArrayList<>();
        lines.add(samples + " stack samples of Jetty's threads inside the filter's login requests (a thread waiting "
                + "for the provider's token response is not sampled, so this is where their CPU goes). A sample counts "
                + "for the innermost filter operation on its stack; outside any, for the innermost known component.");
        lines.add("");
        lines.add("| operation | share |");
        lines.add("|---|---|");
        byOperation.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> lines.add("| " + e.getKey() + " | " + percent(e.getValue(), all) + " |"));
        return lines;
    }

    /** Every sample's frames (running method first), by thread name. */
    private static Map<String, List<List<RecordedFrame>>> stacks(Path file) throws IOException {
        Map<String, List<List<RecordedFrame>>> byThread = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            byThread.computeIfAbsent(thread == null ? "?" : thread, t -> new ArrayList<>())
                    .add(event.getStackTrace().getFrames());
        }
        return byThread;
    }

    private static String threadGroup(String thread) {
        if (thread.startsWith("qtp")) {
            return "Jetty request threads (application and filter)";
        }
        if (thread.startsWith("dev-openid-provider")) {
            return "development provider threads";
        }
        if (thread.startsWith("HttpClient") || thread.equals("main") || thread.startsWith("pool-")) {
            return "benchmark client threads";
        }
        return "other threads";
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(TOP).toList();
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "0 %" : Report.f1(100.0 * part / whole) + " %";
    }
}
