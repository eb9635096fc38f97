package dev.oidchybrid.filter.internal.observe;

import java.util.Map;

/**
 * A filter instance's meters as JMX attributes (JConsole, VisualVM, a JMX exporter), registered as
 * {@code dev.oidchybrid:type=OidcFilter,context=<context path>,name=<filter name>}. Each key is a meter's name
 * with its tags, e.g. {@code oidc.logins{outcome=failed,error=invalid_state}}; the names are those of the
 * Micrometer meters (README.md, "Metrics").
 */
public interface FilterMetricsMXBean {

    /** Every counter, and every timer's count (the calls to the provider), since the filter started. */
    Map<String, Long> getCounters();

    /** Each timer's total time in milliseconds (divided by its count in {@link #getCounters()}: the mean). */
    Map<String, Double> getLatencyTotalMillis();

    /** Each timer's longest time in milliseconds. */
    Map<String, Double> getLatencyMaxMillis();
}
