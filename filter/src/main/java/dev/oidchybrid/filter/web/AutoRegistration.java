package dev.oidchybrid.filter.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Adds {@link OidcHybridFilter} to web applications that do not declare it, when the environment asks for it: for a
 * server where the filter's jar is shared by every application (Tomcat's {@code lib/}, a WildFly global module) and
 * the WARs are not to be rebuilt. The filter then takes all its settings from {@code OIDC_<NAME>} environment
 * variables (or {@code oidc.<name>} system properties), as with web.xml.
 *
 * <p>{@value #ENVIRONMENT_VARIABLE} (or the system property {@value #SYSTEM_PROPERTY}; the environment wins):
 * unset, blank or {@code false}: nothing happens (the jar in a WAR's {@code WEB-INF/lib} stays inert); {@code true}:
 * every web application of the server; otherwise a comma-separated list of context paths ({@code /shop, /legacy};
 * {@code /} is the root application). The filter is mapped to {@code /*} for requests, in front of the
 * application's own filters, so they see the logged-in user. An application whose web.xml (or Tomcat's
 * {@code conf/web.xml}) already declares the filter keeps that one. Registered in
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}; Servlet 6.0, 8.2.4.
 */
public final class AutoRegistration implements ServletContainerInitializer {

    /** The environment variable that switches automatic registration on. */
    public static final String ENVIRONMENT_VARIABLE = "OIDC_AUTO_REGISTER";
    /** The system property that switches automatic registration on (the environment variable wins). */
    public static final String SYSTEM_PROPERTY = "oidc.auto-register";
    /** The name the added filter is registered under. */
    public static final String FILTER_NAME = "oidc-hybrid-filter";

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final UnaryOperator<String> environment;
    private final UnaryOperator<String> systemProperties;

    public AutoRegistration() {
        this(System::getenv, System::getProperty);
    }

    /** For tests: a given environment and system properties, handed on to the filter it adds. */
    AutoRegistration(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        String application = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        if (!wanted(application)) {
            return;
        }
        for (FilterRegistration existing : context.getFilterRegistrations().values()) {
            if (OidcHybridFilter.class.getName().equals(existing.getClassName())) {
                LOG.log(System.Logger.Level.INFO, "OIDC filter not added to web application {0}: it declares "
                        + "filter ''{1}'' itself", application, existing.getName());
                return;
            }
        }
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME,
                new OidcHybridFilter(environment, Clock.systemUTC(), new SecureRandom()));
        if (filter == null) {
            LOG.log(System.Logger.Level.WARNING, "OIDC filter not added to web application {0}: it has another "
                    + "filter named ''{1}''", application, FILTER_NAME);
            return;
        }
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        LOG.log(System.Logger.Level.INFO, "OIDC filter added to web application {0} ({1})", application,
                ENVIRONMENT_VARIABLE);
    }

    private boolean wanted(String application) {
        String setting = environment.apply(ENVIRONMENT_VARIABLE);
        if (setting == null || setting.isBlank()) {
            setting = systemProperties.apply(SYSTEM_PROPERTY);
        }
        if (setting == null || setting.isBlank()) {
            return false;
        }
        String value = setting.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        return Arrays.stream(setting.split(",")).map(String::trim).anyMatch(application::equals);
    }
}
