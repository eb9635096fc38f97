package dev.oidchybrid.filter.internal.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The filter's meters in Micrometer's global registry ({@link Metrics#globalRegistry}, where the application's
 * registries are added), each with the tag {@code filter} (the filter's name) besides its own. Loaded only when
 * Micrometer is on the class path ({@link TelemetryFanOut}): the only class naming its types.
 */
final class MicrometerMetrics extends MeterTelemetry {

    private final MeterRegistry registry;
    private final String filterName;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry, String filterName) {
        this.registry = registry;
        this.filterName = filterName;
    }

    /** The meters in the global registry. */
    static Telemetry global(String filterName) {
        return new MicrometerMetrics(Metrics.globalRegistry, filterName);
    }

    @Override
    void count(String name, String... keysAndValues) {
        counters.computeIfAbsent(JmxMetrics.key(name, keysAndValues), k -> Counter.builder(name)
                .tags(keysAndValues).tag("filter", filterName).register(registry)).increment();
    }

    @Override
    void time(String name, long nanos, String... keysAndValues) {
        timers.computeIfAbsent(JmxMetrics.key(name, keysAndValues), k -> Timer.builder(name)
                .tags(keysAndValues).tag("filter", filterName).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
