package dev.oidchybrid.filter.internal.observe;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one filter instance in the platform MBean server, without any library: counters and timers kept
 * here, read as {@link FilterMetricsMXBean} attributes. Registered by {@link #register}, unregistered by
 * {@link #close()} when the filter is destroyed.
 */
final class JmxMetrics extends MeterTelemetry implements FilterMetricsMXBean, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    static final String DOMAIN = "dev.oidchybrid";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Latency> timers = new ConcurrentHashMap<>();
    private volatile ObjectName name;

    private record Latency(LongAdder count, LongAdder nanos, LongAccumulator max) {
        Latency() {
            this(new LongAdder(), new LongAdder(), new LongAccumulator(Math::max, 0));
        }
    }

    /**
     * The meters of the filter {@code filterName} of the application at {@code contextPath}, registered under
     * {@code dev.oidchybrid:type=OidcFilter,context=...,name=...} (with {@code instance=2}, 3, ... when another
     * instance holds that name); not registered (still counting) when the MBean server refuses.
     */
    static JmxMetrics register(String filterName, String contextPath) {
        JmxMetrics metrics = new JmxMetrics();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = DOMAIN + ":type=OidcFilter,context=" + value(contextPath.isEmpty() ? "/" : contextPath)
                + ",name=" + value(filterName);
        try {
            for (int instance = 1; metrics.name == null; instance++) {
                ObjectName candidate = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
                try {
                    server.registerMBean(metrics, candidate);
                    metrics.name = candidate;
                } catch (InstanceAlreadyExistsException e) {
                    // another instance of this filter (a second deployment in the same server): the next number
                }
            }
        } catch (JMException | SecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC filter ''{0}'': its metrics MBean could not be registered "
                    + "({1}); Micrometer and OpenTelemetry are unaffected", filterName, e.toString());
        }
        return metrics;
    }

    /** A property value of an object name: as it is, or quoted when it holds a character names reserve. */
    private static String value(String text) {
        return text.matches("[^,=:\"*?\\\\\n]*") ? text : ObjectName.quote(text);
    }

    /** Where the MBean is registered, or null when it is not. */
    ObjectName objectName() {
        return name;
    }

    @Override
    void count(String name, String... keysAndValues) {
        counters.computeIfAbsent(key(name, keysAndValues), k -> new LongAdder()).increment();
    }

    @Override
    void time(String name, long nanos, String... keysAndValues) {
        Latency latency = timers.computeIfAbsent(key(name, keysAndValues), k -> new Latency());
        latency.count().increment();
        latency.nanos().add(nanos);
        latency.max().accumulate(nanos);
    }

    /** {@code name{key=value,key=value}}. */
    static String key(String name, String... keysAndValues) {
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < keysAndValues.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(keysAndValues[i]).append('=').append(keysAndValues[i + 1]);
        }
        return key.append('}').toString();
    }

    @Override
    public Map<String, Long> getCounters() {
        Map<String, Long> all = new TreeMap<>();
        counters.forEach((key, count) -> all.put(key, count.sum()));
        timers.forEach((key, latency) -> all.put(key, latency.count().sum()));
        return all;
    }

    @Override
    public Map<String, Double> getLatencyTotalMillis() {
        Map<String, Double> all = new TreeMap<>();
        timers.forEach((key, latency) -> all.put(key, latency.nanos().sum() / 1e6));
        return all;
    }

    @Override
    public Map<String, Double> getLatencyMaxMillis() {
        Map<String, Double> all = new TreeMap<>();
        timers.forEach((key, latency) -> all.put(key, latency.max().get() / 1e6));
        return all;
    }

    @Override
    public void close() {
        ObjectName registered = name;
        if (registered == null) {
            return;
        }
        name = null;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException | SecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC metrics MBean {0} could not be unregistered: {1}", registered,
                    e.toString());
        }
    }
}
