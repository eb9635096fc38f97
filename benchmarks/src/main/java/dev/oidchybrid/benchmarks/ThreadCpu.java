package dev.oidchybrid.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the runner's Java threads, by who they work for: the application server (Jetty's {@code qtp}
 * threads, on which the filter runs), the development provider (its JDK HTTP server's threads) and the
 * benchmark's client (the scripted browser's and the floor's threads). Snapshots before and after a round give
 * the CPU each side spent on it, whatever the other side was doing meanwhile. The JVM's own threads (JIT
 * compilers, garbage collection) are not Java threads and are not counted; a thread that ends between two
 * snapshots loses its time since the first (the provider's and Jetty's pool threads stay alive under load).
 */
final class ThreadCpu {

    /** Who a thread works for. */
    enum Side {
        APP_SERVER("application server (Jetty threads: the filter, the application, Jetty)"),
        PROVIDER("development provider (its HTTP server's threads)"),
        CLIENT("benchmark client (scripted browser, floor probes)"),
        OTHER("other Java threads");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    /** CPU nanoseconds and side of each live thread, by thread id. */
    record Snapshot(Map<Long, Long> cpu, Map<Long, Side> sides) {

        /** CPU nanoseconds per side since {@code before} (threads started since then count from zero). */
        Map<Side, Long> since(Snapshot before) {
            Map<Side, Long> bySide = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                bySide.put(side, 0L);
            }
            cpu.forEach((id, nanos) -> bySide.merge(sides.get(id), nanos - before.cpu.getOrDefault(id, 0L), Long::sum));
            return bySide;
        }
    }

    private ThreadCpu() {
    }

    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    static Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, Side> sides = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) {
                continue;
            }
            cpu.put(info.getThreadId(), nanos);
            sides.put(info.getThreadId(), side(info.getThreadName()));
        }
        return new Snapshot(cpu, sides);
    }

    static Side side(String thread) {
        if (thread.startsWith("qtp")) {
            return Side.APP_SERVER;
        }
        if (thread.startsWith("dev-openid-provider") || thread.startsWith("HTTP-Dispatcher")) {
            return Side.PROVIDER;
        }
        if (thread.startsWith("HttpClient") || thread.equals("main") || thread.startsWith("pool-")) {
            return Side.CLIENT;
        }
        return Side.OTHER;
    }
}
