package dev.oidchybrid.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A servlet filter the benchmark puts in front of every filter of the application (the OIDC filter included):
 * {@link System#nanoTime()} before and after the rest of the chain, so it measures the time the application
 * server spends on a request from the first filter on: the OIDC filter's work, what it calls (its token request
 * to the provider, which it waits for, the session it creates) and the servlet behind it. Jetty's own work before
 * the filter chain (reading and parsing the request line and headers) and after it (writing the answer, saving
 * the session) is outside it, and so is the network.
 *
 * <p>During a login the filter owns two requests: the navigation to a protected page that it answers with a
 * 302 to the provider and the state cookie ({@link Kind#LOGIN_START}), and the form_post callback that it
 * answers with a 303 and the session ({@link Kind#CALLBACK}). Timing is off unless {@link #enable}d, so on the
 * hot path the filter costs both paths alike a volatile read and a filter chain step.
 */
final class ServerTiming implements Filter {

    /** What a request was, by its answer. */
    enum Kind { LOGIN_START, CALLBACK, OTHER }

    /**
     * Counts, nanoseconds and CPU nanoseconds of the request's thread (what it ran, as opposed to waiting for the
     * provider or for a core) per {@link Kind} at one moment.
     */
    record Snapshot(long[] counts, long[] nanos, long[] cpuNanos) {

        Snapshot since(Snapshot before) {
            long[] c = new long[counts.length];
            long[] n = new long[nanos.length];
            long[] cpu = new long[cpuNanos.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = counts[i] - before.counts[i];
                n[i] = nanos[i] - before.nanos[i];
                cpu[i] = cpuNanos[i] - before.cpuNanos[i];
            }
            return new Snapshot(c, n, cpu);
        }

        long cpuNanos(Kind kind) {
            return cpuNanos[kind.ordinal()];
        }

        long count(Kind kind) {
            return counts[kind.ordinal()];
        }

        long nanos(Kind kind) {
            return nanos[kind.ordinal()];
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isCurrentThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    private final LongAdder[] counts = adders();
    private final LongAdder[] nanos = adders();
    private final LongAdder[] cpuNanos = adders();
    /** Per request, in microseconds, by kind (the mean of a login's time hides whether a few requests were slow). */
    private final Histogram[] micros = histograms();
    private volatile boolean enabled;

    /** Registers {@code timing} in front of every filter the application declares (run as the context starts). */
    static ServletContainerInitializer initializer(ServerTiming timing) {
        return new ServletContainerInitializer() {
            @Override
            public void onStartup(Set<Class<?>> classes, ServletContext context) {
                // isMatchAfter false: before the filter mappings of web.xml, so the OIDC filter runs inside it
                context.addFilter("benchmark-server-timing", timing)
                        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            }
        };
    }

    void enable(boolean on) {
        enabled = on;
    }

    Snapshot snapshot() {
        long[] c = new long[counts.length];
        long[] n = new long[nanos.length];
        long[] cpu = new long[cpuNanos.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].sum();
            n[i] = nanos[i].sum();
            cpu[i] = cpuNanos[i].sum();
        }
        return new Snapshot(c, n, cpu);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!enabled) {
            chain.doFilter(request, response);
            return;
        }
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long took = System.nanoTime() - start;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
            Kind kind = kind((HttpServletRequest) request, (HttpServletResponse) response);
            counts[kind.ordinal()].increment();
            nanos[kind.ordinal()].add(took);
            cpuNanos[kind.ordinal()].add(cpu);
            Histogram histogram = micros[kind.ordinal()];
            synchronized (histogram) {
                histogram.recordValue(Math.max(0, took / 1000));
            }
        }
    }

    /** A copy of the per-request times (µs) of {@code kind} since the last {@link #resetHistograms}. */
    Histogram histogram(Kind kind) {
        Histogram histogram = micros[kind.ordinal()];
        synchronized (histogram) {
            return histogram.copy();
        }
    }

    void resetHistograms() {
        for (Histogram histogram : micros) {
            synchronized (histogram) {
                histogram.reset();
            }
        }
    }

    private static Histogram[] histograms() {
        Histogram[] histograms = new Histogram[Kind.values().length];
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = new Histogram(3);
        }
        return histograms;
    }

    private static Kind kind(HttpServletRequest request, HttpServletResponse response) {
        if (request.getRequestURI().equals("/callback") && response.getStatus() == HttpServletResponse.SC_SEE_OTHER) {
            return Kind.CALLBACK;
        }
        if (request.getMethod().equals("GET") && response.getStatus() == HttpServletResponse.SC_FOUND) {
            return Kind.LOGIN_START;
        }
        return Kind.OTHER;
    }

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[Kind.values().length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
