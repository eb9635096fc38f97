package dev.oidchybrid.filter.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds {@link OidcReadinessCheck} as an application-scoped bean where CDI runs and MicroProfile Health is on the
 * application's class path, and nothing where it is not. The check itself carries no bean-defining annotation, so
 * CDI never scans the filter jar and never tries to load a class whose interface is missing (which servers log as
 * a warning with a stack trace); CDI finds this extension through its service file, which servers without CDI never
 * read.
 */
public class OidcHealthExtension implements Extension {

    void addReadinessCheck(@Observes BeforeBeanDiscovery discovery) {
        if (microProfileHealthPresent(OidcHealthExtension.class.getClassLoader())) {
            discovery.addAnnotatedType(OidcReadinessCheck.class, OidcReadinessCheck.class.getName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    /** Whether the MicroProfile Health API can be loaded through {@code loader}. */
    static boolean microProfileHealthPresent(ClassLoader loader) {
        try {
            Class.forName("org.eclipse.microprofile.health.HealthCheck", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
