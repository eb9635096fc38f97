package dev.oidchybrid.filter.internal.health;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running filter instances of this class loader (one application, or every application sharing the filter jar
 * in the server's class path), for the MicroProfile Health check, which the container creates without knowing them.
 * An instance registers when it starts and withdraws when it is destroyed.
 */
public final class HealthRegistry {

    /** @param name the application's context path and the filter's name, e.g. {@code /shop#oidc} */
    public record Registration(String name, HealthSource source) implements AutoCloseable {
        @Override
        public void close() {
            REGISTERED.remove(this);
        }
    }

    private static final List<Registration> REGISTERED = new CopyOnWriteArrayList<>();

    private HealthRegistry() {
    }

    /** Registers a starting instance; closing the registration withdraws it. */
    public static Registration register(String contextPath, String filterName, HealthSource source) {
        Registration registration = new Registration(contextPath + "#" + filterName, source);
        REGISTERED.add(registration);
        return registration;
    }

    /** The running instances, by name. */
    public static List<Registration> running() {
        return REGISTERED.stream().sorted(Comparator.comparing(Registration::name)).toList();
    }
}
