package dev.oidchybrid.filter.health;

import dev.oidchybrid.filter.internal.health.HealthRegistry;
import dev.oidchybrid.filter.internal.health.HealthReport;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The filter's health as a MicroProfile Health readiness check ({@code /health/ready}): UP when every running filter
 * instance is (see README.md "Health"), with each instance's data under its name ({@code <context path>#<filter
 * name>.}). Where CDI runs and MicroProfile Health is present, {@link OidcHealthExtension} adds it as an
 * application-scoped bean; elsewhere nothing loads it, and no other class of the filter refers to it or to the
 * MicroProfile API, so the filter runs without them.
 */
@Readiness
public class OidcReadinessCheck implements HealthCheck {

    /** The check's name in the server's health answer. */
    public static final String NAME = "oidc-hybrid-filter";

    private final Supplier<List<HealthRegistry.Registration>> instances;

    /** The check of every running filter instance (of this class loader). */
    public OidcReadinessCheck() {
        this(HealthRegistry::running);
    }

    OidcReadinessCheck(Supplier<List<HealthRegistry.Registration>> instances) {
        this.instances = instances;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up = true;
        for (HealthRegistry.Registration instance : instances.get()) {
            HealthReport report = instance.source().report();
            up &= report.up();
            data.putAll(report.data(instance.name() + "."));
        }
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
