package dev.oidchybrid.benchmarks;

import dev.oidchybrid.testkit.DevProvider;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's token and JWKS endpoints go down for a while (503 with {@code Retry-After}, the testkit's
 * {@code tokenEndpointUnavailable} and {@code jwksUnavailable} switches) under steady signed-in traffic and a stream of
 * new logins, then come back. Two applications, each with a provider of its own, go down and up together:
 * <ul>
 *   <li>the <b>steady</b> one: signed-in sessions whose tokens live an hour send {@code GET /hello} at a steady pace
 *       (each must be 200 in every phase, at the latency it had before), and one browser after another logs in
 *       (during the outage each callback must be a 503 with {@code Retry-After} and the sign-in problem page);</li>
 *   <li>the <b>due</b> one: sessions whose tokens live a few seconds send {@code GET /profile} (the ID token claims,
 *       whose {@code exp} is the access token's too) and refresh all along; in the outage each must be served while its
 *       access token is valid although the refresh is due, then get 503 with {@code Retry-After} once it expired.</li>
 * </ul>
 * Once the provider is back, the first completed login and the last due session served again must come within the
 * {@code Retry-After} the 503s gave. Every expectation that does not hold is collected; the run then fails with them
 * (after the figures are in the report).
 */
final class OutageRun {

    private static final int STEADY_SESSIONS = 8;
    private static final int DUE_SESSIONS = 4;
    private static final long STEADY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long DUE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LOGIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Failures listed in the report at most; all are counted. */
    private static final int LISTED_FAILURES = 20;
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");
    /** The error code on the filter's sign-in problem page. */
    private static final Pattern ERROR_CODE = Pattern.compile("Error code: <code>([a-z_]+)</code>");

    /** Where a request fell: wholly before, within or after the outage; or across a switch. */
    enum Phase { WARMUP, BEFORE, OUTAGE, AFTER, SWITCH }

    /** Seconds of each phase and the due sessions' token lifetime (shorter than the outage, so they expire in it). */
    record Timing(int warmup, int before, int outage, int after, int tokenLifetime) {
        static Timing of(Settings settings) {
            // the warm-up lets the JIT settle first: with 2 s the "before" phase was the slowest of the three
            return settings.mode().equals("full") ? new Timing(10, 10, 20, 15, 8) : new Timing(5, 5, 10, 8, 4);
        }
    }

    private OutageRun() {
    }

    /** The switches' times ({@link System#nanoTime()}); a request is classified by its start and end. */
    private static final class Switches {
        volatile long measureFrom = Long.MAX_VALUE;
        volatile long downStart = Long.MAX_VALUE;
        volatile long downFrom = Long.MAX_VALUE;
        volatile long upStart = Long.MAX_VALUE;
        volatile long upFrom = Long.MAX_VALUE;
        volatile boolean stop;

        Phase phase(long start, long end) {
            if (end < measureFrom) {
                return Phase.WARMUP;
            }
            if (start >= measureFrom && end < downStart) {
                return Phase.BEFORE;
            }
            if (start >= downFrom && end < upStart) {
                return Phase.OUTAGE;
            }
            if (start >= upFrom) {
                return Phase.AFTER;
            }
            return start < measureFrom ? Phase.WARMUP : Phase.SWITCH;
        }
    }

    /** Statuses (0: no answer) and latencies of one kind of request, per phase. */
    private static final class Tally {
        final Map<Phase, Map<Integer, LongAdder>> statuses = new EnumMap<>(Phase.class);
        final Map<Phase, Histogram> micros = new EnumMap<>(Phase.class);

        Tally() {
            for (Phase phase : Phase.values()) {
                statuses.put(phase, new ConcurrentHashMap<>());
                micros.put(phase, new ConcurrentHistogram(3));
            }
        }

        void count(Phase phase, int status, long nanos) {
            statuses.get(phase).computeIfAbsent(status, s -> new LongAdder()).increment();
            micros.get(phase).recordValue(Math.max(1, nanos / 1000));
        }

        long count(Phase phase) {
            return statuses.get(phase).values().stream().mapToLong(LongAdder::sum).sum();
        }

        long count(Phase phase, int status) {
            LongAdder adder = statuses.get(phase).get(status);
            return adder == null ? 0 : adder.sum();
        }

        long total() {
            long total = 0;
            for (Phase phase : Phase.values()) {
                total += count(phase);
            }
            return total;
        }

        /** E.g. "200: 1,234, 503: 5". */
        String describe(Phase phase) {
            Map<Integer, Long> sorted = new TreeMap<>();
            statuses.get(phase).forEach((status, n) -> sorted.put(status, n.sum()));
            if (sorted.isEmpty()) {
                return "none";
            }
            List<String> parts = new ArrayList<>();
            sorted.forEach((status, n) -> parts.add((status == 0 ? "no answer" : status.toString()) + ": "
                    + Report.f0(n)));
            return String.join(", ", parts);
        }
    }

    /** What one due session saw. */
    private static final class DueSession {
        volatile long exp;
        final AtomicLong servedWhileDue = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        volatile long first503Nanos = Long.MAX_VALUE;
        volatile long recoveredNanos = Long.MAX_VALUE;
    }

    /** The expectations that did not hold: how many, and each kind (its text with the numbers left out) once. */
    private static final class Failures {
        final AtomicInteger count = new AtomicInteger();
        final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        final Queue<String> listed = new ConcurrentLinkedQueue<>();

        void add(String failure) {
            count.incrementAndGet();
            String kind = failure.replaceAll("[0-9]+", "#");
            if (kinds.size() < LISTED_FAILURES || kinds.containsKey(kind)) {
                kinds.computeIfAbsent(kind, k -> {
                    listed.add(failure);
                    return new LongAdder();
                }).increment();
            }
        }

        /** The first of its kind, with how many there were. */
        List<String> summary() {
            return listed.stream().map(f -> f + " (" + kinds.get(f.replaceAll("[0-9]+", "#")).sum() + "×)").toList();
        }
    }

    /** Counts the filter's log lines (of both applications) by level and phase, instead of printing them. */
    private static final class LogCount extends Handler {
        final Switches switches;
        final Map<Phase, Map<String, LongAdder>> levels = new ConcurrentHashMap<>();
        final Queue<String> samples = new ConcurrentLinkedQueue<>();

        LogCount(Switches switches) {
            this.switches = switches;
        }

        @Override
        public void publish(LogRecord record) {
            long now = System.nanoTime();
            Phase phase = switches.phase(now, now);
            levels.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(record.getLevel().getName(), l -> new LongAdder()).increment();
            if (phase == Phase.OUTAGE) {
                String line = record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record);
                String shape = line.replaceAll("[0-9]+", "#");
                if (samples.size() < 8 && samples.stream().noneMatch(s -> s.replaceAll("[0-9]+", "#").equals(shape))) {
                    samples.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                }
            }
        }

        long count(Phase phase, String level) {
            LongAdder n = levels.getOrDefault(phase, Map.of()).get(level);
            return n == null ? 0 : n.sum();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    static void run(Path war, Settings settings, Report report) throws Exception {
        Timing timing = Timing.of(settings);
        Logger filterLog = Logger.getLogger("dev.oidchybrid");
        Switches switches = new Switches();
        LogCount logs = new LogCount(switches);
        boolean parentHandlers = filterLog.getUseParentHandlers();
        System.out.println("[outage] " + STEADY_SESSIONS + " sessions with 1 h tokens and a login every "
                + TimeUnit.NANOSECONDS.toMillis(LOGIN_INTERVAL_NANOS) + " ms on one application, " + DUE_SESSIONS
                + " sessions with " + timing.tokenLifetime() + " s tokens on another; " + timing.warmup() + " s warm-up, "
                + timing.before() + " s before, " + timing.outage() + " s outage, " + timing.after() + " s after");
        try (AppUnderTest steadyApp = AppUnderTest.start(war);
             AppUnderTest dueApp = AppUnderTest.startWithTokenLifetime(war,
                     Duration.ofSeconds(timing.tokenLifetime()))) {
            HttpClient http = ScriptedBrowser.newClient();
            List<String> steadyCookies = logIn(steadyApp, http, STEADY_SESSIONS);
            List<String> dueCookies = logIn(dueApp, http, DUE_SESSIONS);
            filterLog.addHandler(logs);
            filterLog.setUseParentHandlers(false);

            Tally steady = new Tally();
            Tally due = new Tally();
            Tally logins = new Tally();
            Failures failures = new Failures();
            List<DueSession> dueSessions = new ArrayList<>();
            AtomicLong loginRetryAfter = new AtomicLong();
            AtomicLong dueRetryAfter = new AtomicLong();
            AtomicLong firstLoginBack = new AtomicLong(Long.MAX_VALUE);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < STEADY_SESSIONS; i++) {
                String cookie = steadyCookies.get(i);
                threads.add(started("outage-steady-" + i, () -> steadyClient(http, steadyApp.url("/hello"), cookie,
                        switches, steady, failures)));
            }
            for (int i = 0; i < DUE_SESSIONS; i++) {
                DueSession session = new DueSession();
                dueSessions.add(session);
                String cookie = dueCookies.get(i);
                threads.add(started("outage-due-" + i, () -> dueClient(http, dueApp.url("/profile"), cookie, timing,
                        switches, due, session, dueRetryAfter, failures)));
            }
            threads.add(started("outage-logins", () -> loginStream(http, steadyApp, switches, logins, loginRetryAfter,
                    firstLoginBack, failures)));

            sleep(timing.warmup());
            switches.measureFrom = System.nanoTime();
            sleep(timing.before());
            ProviderCalls steadyBefore = ProviderCalls.of(steadyApp.provider.counters());
            ProviderCalls dueBefore = ProviderCalls.of(dueApp.provider.counters());
            switches.downStart = System.nanoTime();
            down(steadyApp.provider, true);
            down(dueApp.provider, true);
            switches.downFrom = System.nanoTime();
            System.out.println("[outage] token and JWKS endpoints down for " + timing.outage() + " s");
            sleep(timing.outage());
            switches.upStart = System.nanoTime();
            down(steadyApp.provider, false);
            down(dueApp.provider, false);
            switches.upFrom = System.nanoTime();
            ProviderCalls steadyOutage = ProviderCalls.of(steadyApp.provider.counters()).since(steadyBefore);
            ProviderCalls dueOutage = ProviderCalls.of(dueApp.provider.counters()).since(dueBefore);
            System.out.println("[outage] provider back; " + timing.after() + " s after");
            sleep(timing.after());
            switches.stop = true;
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            filterLog.removeHandler(logs);
            filterLog.setUseParentHandlers(parentHandlers);

            check(timing, switches, logins, dueSessions, loginRetryAfter.get(), dueRetryAfter.get(),
                    firstLoginBack.get(), failures);
            report(report, timing, switches, steady, due, logins, dueSessions, loginRetryAfter.get(),
                    dueRetryAfter.get(), firstLoginBack.get(), steadyOutage, dueOutage, logs, failures);
            if (failures.count.get() > 0) {
                throw new AssertionError("outage: " + failures.count.get() + " expectation(s) did not hold, first: "
                        + failures.listed.peek());
            }
        } finally {
            filterLog.removeHandler(logs);
            filterLog.setUseParentHandlers(parentHandlers);
        }
    }

    /** Takes the provider's token and JWKS endpoints down (503 with Retry-After) or brings them back. */
    private static void down(DevProvider provider, boolean down) {
        provider.faults().tokenEndpointUnavailable(down).jwksUnavailable(down);
    }

    /** {@code count} sessions of Alice, each from a login in a fresh browser: their {@code Cookie} headers. */
    private static List<String> logIn(AppUnderTest app, HttpClient http, int count) {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ScriptedBrowser.LoggedIn login = new ScriptedBrowser(http).logIn(app.url("/hello"), AppUnderTest.USERNAME,
                    AppUnderTest.PASSWORD);
            if (!login.cookies().containsKey("JSESSIONID")) {
                throw new IllegalStateException("login did not end in a session: cookies " + login.cookies().keySet());
            }
            cookies.add(ScriptedBrowser.cookieHeader(login.cookies()));
        }
        return cookies;
    }

    /** A session with a long-lived token: every answer must be 200, in every phase. */
    private static void steadyClient(HttpClient http, String url, String cookie, Switches switches, Tally tally,
                                     Failures failures) {
        HttpRequest request = get(url, cookie, "text/plain");
        long next = System.nanoTime();
        while (!switches.stop) {
            long start = System.nanoTime();
            HttpResponse<String> response = send(http, request);
            long end = System.nanoTime();
            Phase phase = switches.phase(start, end);
            int status = response == null ? 0 : response.statusCode();
            tally.count(phase, status, end - start);
            if (status != 200) {
                failures.add("a signed-in request with a valid 1 h access token answered " + describe(response)
                        + " (" + phase + ")");
            }
            next = pace(next, STEADY_INTERVAL_NANOS);
        }
    }

    /**
     * A session whose token comes due in the outage: served (200) while its access token is valid, then 503 with
     * Retry-After once it expired; served again at the first request once the provider is back.
     */
    private static void dueClient(HttpClient http, String url, String cookie, Timing timing, Switches switches,
                                  Tally tally, DueSession session, AtomicLong retryAfter, Failures failures) {
        HttpRequest request = get(url, cookie, "application/json");
        long dueMillis = TimeUnit.SECONDS.toMillis(Math.min(60, timing.tokenLifetime() / 2));
        long next = System.nanoTime();
        while (!switches.stop) {
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            HttpResponse<String> response = send(http, request);
            long end = System.nanoTime();
            long endMillis = System.currentTimeMillis();
            Phase phase = switches.phase(start, end);
            int status = response == null ? 0 : response.statusCode();
            tally.count(phase, status, end - start);
            long exp = session.exp;
            if (status == 200) {
                Matcher m = EXP.matcher(response.body());
                if (!m.find()) {
                    failures.add("GET /profile answered 200 without the ID token's exp");
                } else {
                    exp = Long.parseLong(m.group(1));
                    session.exp = exp;
                }
                // the filter's expiry is at most about a second after the ID token's exp (same lifetime, its own clock)
                if (phase == Phase.OUTAGE && endMillis > TimeUnit.SECONDS.toMillis(exp) + 2000) {
                    failures.add("served during the outage with an access token that expired at " + exp);
                }
                if (phase == Phase.OUTAGE && startMillis >= TimeUnit.SECONDS.toMillis(exp) - dueMillis + 1000) {
                    session.servedWhileDue.incrementAndGet();
                }
                if (phase == Phase.AFTER && session.recoveredNanos == Long.MAX_VALUE) {
                    session.recoveredNanos = end;
                }
            } else if (status == 503) {
                OptionalLong seconds = retryAfter(response);
                if (seconds.isEmpty()) {
                    failures.add("a 503 of a session whose refresh failed has no Retry-After");
                } else {
                    retryAfter.accumulateAndGet(seconds.getAsLong(), Math::max);
                }
                if (endMillis < TimeUnit.SECONDS.toMillis(exp)) {
                    failures.add("503 while the access token was still valid (until " + exp + ", answered at "
                            + endMillis / 1000 + ", " + phase + ")");
                }
                if (phase == Phase.BEFORE || phase == Phase.WARMUP
                        || phase == Phase.AFTER && session.recoveredNanos != Long.MAX_VALUE) {
                    failures.add("503 of a due session while the provider was up (" + phase + ")");
                }
                if (phase == Phase.OUTAGE) {
                    session.refused.incrementAndGet();
                    if (session.first503Nanos == Long.MAX_VALUE) {
                        session.first503Nanos = end;
                    }
                }
            } else {
                failures.add("a session whose token came due answered " + describe(response) + " (" + phase + ")");
            }
            next = pace(next, DUE_INTERVAL_NANOS);
        }
    }

    /**
     * New logins one after the other, each in a fresh browser; the provider's own pages stay up, so only the callback
     * (the filter's code exchange) meets the outage. Its answer is timed and checked.
     */
    private static void loginStream(HttpClient http, AppUnderTest app, Switches switches, Tally tally,
                                    AtomicLong retryAfter, AtomicLong firstBack, Failures failures) {
        long next = System.nanoTime();
        while (!switches.stop) {
            ScriptedBrowser browser = new ScriptedBrowser(http);
            ScriptedBrowser.Form form;
            try {
                form = browser.signIn(app.url("/hello"), AppUnderTest.USERNAME, AppUnderTest.PASSWORD);
            } catch (RuntimeException e) {
                failures.add("a login failed before its callback: " + e.getMessage());
                next = pace(next, LOGIN_INTERVAL_NANOS);
                continue;
            }
            long start = System.nanoTime();
            HttpResponse<String> callback;
            try {
                callback = browser.post(form.action(), form.fields());
            } catch (RuntimeException e) {
                callback = null;
            }
            long end = System.nanoTime();
            Phase phase = switches.phase(start, end);
            int status = callback == null ? 0 : callback.statusCode();
            tally.count(phase, status, end - start);
            if (status == 303) {
                if (phase == Phase.OUTAGE) {
                    failures.add("a login completed while the token endpoint was down");
                }
                if (phase == Phase.AFTER) {
                    firstBack.accumulateAndGet(end, Math::min);
                }
            } else if (status == 503) {
                OptionalLong seconds = retryAfter(callback);
                if (seconds.isEmpty()) {
                    failures.add("a login's 503 has no Retry-After");
                } else {
                    retryAfter.accumulateAndGet(seconds.getAsLong(), Math::max);
                }
                String body = callback.body();
                if (!body.contains("Sign-in problem") || !body.contains("op_unavailable")
                        || !body.contains("try again")) {
                    failures.add("a login's 503 is not the sign-in problem page naming op_unavailable: "
                            + body.substring(0, Math.min(200, body.length())));
                }
                if (phase == Phase.BEFORE || phase == Phase.WARMUP
                        || phase == Phase.AFTER && firstBack.get() != Long.MAX_VALUE) {
                    failures.add("a login answered 503 while the provider was up (" + phase + ")");
                }
            } else {
                failures.add("a login's callback answered " + describe(callback) + " (" + phase + ")");
            }
            next = pace(next, LOGIN_INTERVAL_NANOS);
        }
    }

    /** The expectations on the whole run: the outage was met as it should be, and left within the Retry-After. */
    private static void check(Timing timing, Switches switches, Tally logins, List<DueSession> dueSessions,
                              long loginRetryAfter, long dueRetryAfter, long firstLoginBack, Failures failures) {
        if (logins.count(Phase.OUTAGE, 503) == 0) {
            failures.add("no login was answered 503 in the outage");
        }
        if (firstLoginBack == Long.MAX_VALUE) {
            failures.add("no login completed after the provider came back");
        } else if (loginRetryAfter > 0
                && firstLoginBack - switches.upFrom > TimeUnit.SECONDS.toNanos(loginRetryAfter)) {
            failures.add("the first login after the provider came back completed after "
                    + millis(firstLoginBack - switches.upFrom) + ", later than the Retry-After of " + loginRetryAfter
                    + " s");
        }
        for (int i = 0; i < dueSessions.size(); i++) {
            DueSession session = dueSessions.get(i);
            if (session.servedWhileDue.get() == 0) {
                failures.add("due session " + i + " was never served during the outage while its refresh was due");
            }
            if (session.refused.get() == 0) {
                failures.add("due session " + i + " was never answered 503 in the outage: its " + timing.tokenLifetime()
                        + " s token did not expire in it");
            }
            if (session.recoveredNanos == Long.MAX_VALUE) {
                failures.add("due session " + i + " was not served again after the provider came back");
            } else if (dueRetryAfter > 0
                    && session.recoveredNanos - switches.upFrom > TimeUnit.SECONDS.toNanos(dueRetryAfter)) {
                failures.add("due session " + i + " was served again " + millis(session.recoveredNanos
                        - switches.upFrom) + " after the provider came back, later than the Retry-After of "
                        + dueRetryAfter + " s");
            }
        }
    }

    private static void report(Report report, Timing timing, Switches switches, Tally steady, Tally due, Tally logins,
                               List<DueSession> dueSessions, long loginRetryAfter, long dueRetryAfter,
                               long firstLoginBack, ProviderCalls steadyOutage, ProviderCalls dueOutage, LogCount logs,
                               Failures failures) {
        long steadyNot200 = steady.total() - count200(steady);
        report.figure("Outage: signed-in requests (1 h tokens) not answered 200, all phases",
                Report.f0(steadyNot200) + " of " + Report.f0(steady.total()), "0", steadyNot200 == 0);
        report.info("Outage: signed-in requests (1 h tokens) served, before / outage / after",
                Report.f0(steady.count(Phase.BEFORE, 200)) + " / " + Report.f0(steady.count(Phase.OUTAGE, 200)) + " / "
                        + Report.f0(steady.count(Phase.AFTER, 200)) + " (" + STEADY_SESSIONS + " sessions, one request "
                        + "each every " + TimeUnit.NANOSECONDS.toMillis(STEADY_INTERVAL_NANOS) + " ms)");
        report.info("Outage: their latency p50 / p99, before → outage → after", percentiles(steady, 50) + "; p99 "
                + percentiles(steady, 99));
        // against both neighbours: a run still warming up (or a machine getting quieter) makes "before" the slowest
        double p50Outage = steady.micros.get(Phase.OUTAGE).getValueAtPercentile(50);
        double byBefore = p50Outage / Math.max(1, steady.micros.get(Phase.BEFORE).getValueAtPercentile(50));
        double byAfter = p50Outage / Math.max(1, steady.micros.get(Phase.AFTER).getValueAtPercentile(50));
        report.figure("Outage: their p50 latency in the outage ÷ before, ÷ after", Report.f2(byBefore) + ", "
                + Report.f2(byAfter), "≤ 1.5 both", steady.count(Phase.OUTAGE) > 0 && byBefore <= 1.5 && byAfter <= 1.5);
        long loginOutage = logins.count(Phase.OUTAGE);
        long login503 = logins.count(Phase.OUTAGE, 503);
        report.figure("Outage: new logins in the outage answered 503 with Retry-After and the sign-in problem page",
                Report.f0(login503) + " of " + Report.f0(loginOutage) + " (Retry-After: " + loginRetryAfter + " s)",
                "all", loginOutage > 0 && login503 == loginOutage);
        report.info("Outage: new logins (callback answers), before / outage / after", logins.describe(Phase.BEFORE)
                + " / " + logins.describe(Phase.OUTAGE) + " / " + logins.describe(Phase.AFTER));
        long servedDue = dueSessions.stream().mapToLong(s -> s.servedWhileDue.get()).sum();
        long refused = dueSessions.stream().mapToLong(s -> s.refused.get()).sum();
        String firstRefusals = dueSessions.stream().filter(s -> s.first503Nanos != Long.MAX_VALUE)
                .mapToLong(s -> s.first503Nanos - switches.downFrom).sorted()
                .mapToObj(OutageRun::seconds).reduce((a, b) -> a + ", " + b).orElse("-");
        report.info("Outage: sessions whose refresh came due in the outage (" + DUE_SESSIONS + ", tokens of "
                + timing.tokenLifetime() + " s)", Report.f0(servedDue) + " requests served (200) while the refresh "
                + "was due and the access token valid, then " + Report.f0(refused) + " answered 503 (Retry-After: "
                + dueRetryAfter + " s); first 503 at " + firstRefusals + " into the outage");
        report.info("Outage: those sessions' answers, before / outage / after", due.describe(Phase.BEFORE) + " / "
                + due.describe(Phase.OUTAGE) + " / " + due.describe(Phase.AFTER));
        boolean loginBack = firstLoginBack != Long.MAX_VALUE;
        long loginRecovery = loginBack ? firstLoginBack - switches.upFrom : 0;
        report.figure("Outage: recovery of new logins (provider back → first completed login)",
                loginBack ? millis(loginRecovery) : "none", "≤ " + loginRetryAfter + " s (the login 503's Retry-After)",
                loginBack && loginRecovery <= TimeUnit.SECONDS.toNanos(loginRetryAfter));
        boolean dueBack = dueSessions.stream().allMatch(s -> s.recoveredNanos != Long.MAX_VALUE);
        long dueRecovery = dueSessions.stream().mapToLong(s -> s.recoveredNanos - switches.upFrom).max().orElse(0);
        report.figure("Outage: recovery of the due sessions (provider back → the last of them served again)",
                dueBack ? millis(dueRecovery) : "not all", "≤ " + dueRetryAfter + " s (their 503's Retry-After)",
                dueBack && dueRecovery <= TimeUnit.SECONDS.toNanos(dueRetryAfter));
        report.info("Outage: provider calls during the outage", "token " + steadyOutage.token() + " (code exchanges) + "
                + dueOutage.token() + " (refresh attempts), jwks " + (steadyOutage.jwks() + dueOutage.jwks())
                + ", discovery " + (steadyOutage.discovery() + dueOutage.discovery()));
        report.info("Outage: the filter's log lines during the outage", Report.f0(logs.count(Phase.OUTAGE, "WARNING"))
                + " warnings, " + Report.f0(logs.count(Phase.OUTAGE, "SEVERE")) + " errors");

        report.detail("### Provider outage");
        report.detail("");
        report.detail("Two applications (the sample WAR, each with a provider of its own): one with " + STEADY_SESSIONS
                + " signed-in sessions whose tokens live an hour (`GET /hello` every "
                + TimeUnit.NANOSECONDS.toMillis(STEADY_INTERVAL_NANOS) + " ms each) and a login every "
                + TimeUnit.NANOSECONDS.toMillis(LOGIN_INTERVAL_NANOS) + " ms (a fresh browser each), one with "
                + DUE_SESSIONS + " sessions whose tokens live " + timing.tokenLifetime() + " s (`GET /profile` every "
                + TimeUnit.NANOSECONDS.toMillis(DUE_INTERVAL_NANOS) + " ms each). After " + timing.warmup()
                + " s of warm-up: " + timing.before() + " s before, " + timing.outage() + " s with both providers' "
                + "token and JWKS endpoints answering 503 (`Retry-After: 1`), " + timing.after() + " s after. A "
                + "request counts in a phase when it started and ended in it; those across a switch are in "
                + "`switch`.");
        report.detail("");
        report.detail("| phase | signed-in (1 h tokens) | p50 | p99 | due sessions | new logins (callbacks) |");
        report.detail("|---|---|---|---|---|---|");
        for (Phase phase : Phase.values()) {
            if (phase == Phase.WARMUP) {
                continue;
            }
            Histogram h = steady.micros.get(phase);
            boolean any = steady.count(phase) > 0;
            report.detail("| " + phase.name().toLowerCase(Locale.ROOT) + " | " + steady.describe(phase) + " | "
                    + (any ? Report.f2(h.getValueAtPercentile(50) / 1000.0) + " ms" : "-") + " | "
                    + (any ? Report.f2(h.getValueAtPercentile(99) / 1000.0) + " ms" : "-") + " | "
                    + due.describe(phase) + " | " + logins.describe(phase) + " |");
        }
        report.detail("");
        if (!logs.samples.isEmpty()) {
            report.detail("The filter's log lines during the outage, one of each kind:");
            report.detail("");
            logs.samples.forEach(line -> report.detail("- `" + line.replace("`", "'") + "`"));
            report.detail("");
        }
        if (failures.count.get() > 0) {
            report.detail("**" + failures.count.get() + " expectation(s) did not hold**, by kind (the first of each):");
            report.detail("");
            failures.summary().forEach(f -> report.detail("- " + f));
            report.detail("");
        }
    }

    private static long count200(Tally tally) {
        long n = 0;
        for (Phase phase : Phase.values()) {
            n += tally.count(phase, 200);
        }
        return n;
    }

    private static String percentiles(Tally tally, double percentile) {
        return List.of(Phase.BEFORE, Phase.OUTAGE, Phase.AFTER).stream()
                .map(p -> tally.count(p) == 0 ? "-"
                        : Report.f2(tally.micros.get(p).getValueAtPercentile(percentile) / 1000.0) + " ms")
                .reduce((a, b) -> a + " → " + b).orElse("-");
    }

    private static HttpRequest get(String url, String cookie, String accept) {
        return HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** The answer, or null when there was none (refused, timed out). */
    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static OptionalLong retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String describe(HttpResponse<String> response) {
        if (response == null) {
            return "nothing (no connection or timed out)";
        }
        String body = response.body() == null ? "" : response.body();
        Matcher code = ERROR_CODE.matcher(body);
        return response.statusCode() + (code.find() ? " " + code.group(1)
                : " (" + body.substring(0, Math.min(120, body.length())).replaceAll("\\s+", " ") + ")");
    }

    /** Waits until {@code interval} after the previous slot; a client that fell behind goes on at once. */
    private static long pace(long previous, long interval) {
        long next = previous + interval;
        long now = System.nanoTime();
        if (next <= now) {
            return now;
        }
        LockSupport.parkNanos(next - now);
        return next;
    }

    private static Thread started(String name, Runnable client) {
        Thread thread = new Thread(client, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    }

    private static String millis(long nanos) {
        return Report.f0(nanos / 1e6) + " ms";
    }

    private static String seconds(long nanos) {
        return Report.f1(nanos / 1e9) + " s";
    }
}
