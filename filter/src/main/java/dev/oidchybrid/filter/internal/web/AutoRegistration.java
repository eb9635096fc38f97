package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.web.OidcHybridFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@code /} is the root application). Anything else ({@code yes}, {@code 1}, {@code app}, {@code /app/},
 * {@code *}), or a listed path that differs from an application's only in case, stops that application from
 * starting rather than leave it unprotected. The filter is mapped to {@code /*} for requests, in front of the
 * application's own filters, so they see the logged-in user. An application whose web.xml (or Tomcat's
 * {@code conf/web.xml}) already declares the filter for {@code /*} keeps that one; one that declares it only for
 * some paths (a bearer filter on {@code /api/*}) gets this one as well. Registered in
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

    /** How long after the first application starts the listed paths no application had are reported. */
    static final Duration UNMATCHED_CHECK_DELAY = Duration.ofMinutes(1);

    /**
     * Per setting: the listed context paths no application of this server (this class loader: the shared jar) has
     * had yet. Filled at the first start that reads the setting; each starting application removes its path.
     */
    private static final Map<String, Set<String>> UNSEEN = new ConcurrentHashMap<>();

    private final UnaryOperator<String> environment;
    private final UnaryOperator<String> systemProperties;
    private final Duration unmatchedCheckDelay;

    public AutoRegistration() {
        this(System::getenv, System::getProperty, UNMATCHED_CHECK_DELAY);
    }

    /** For tests: a given environment and system properties, handed on to the filter it adds. */
    AutoRegistration(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        this(environment, systemProperties, UNMATCHED_CHECK_DELAY);
    }

    AutoRegistration(UnaryOperator<String> environment, UnaryOperator<String> systemProperties,
                     Duration unmatchedCheckDelay) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.unmatchedCheckDelay = unmatchedCheckDelay;
    }

    /**
     * Notes that {@code application} started, and on the first start under {@code setting} schedules one WARNING
     * per listed path that no application has by then: a typo there leaves an application unprotected.
     */
    private void track(String setting, List<String> listed, String source, String application) {
        Set<String> unseen = UNSEEN.computeIfAbsent(setting, key -> {
            Set<String> paths = ConcurrentHashMap.newKeySet();
            paths.addAll(listed);
            Thread check = new Thread(() -> {
                try {
                    Thread.sleep(unmatchedCheckDelay.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                for (String path : paths) {
                    LOG.log(System.Logger.Level.WARNING, "{0} lists {1}, but no web application with that context "
                            + "path started here within {2} s of the first: check the path (exact, case-sensitive, "
                            + "no trailing slash); that application is not protected by the filter", source, path,
                            unmatchedCheckDelay.toSeconds());
                }
            }, "oidc-auto-register-check");
            check.setDaemon(true);
            check.start();
            return paths;
        });
        unseen.remove(application);
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        String application = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        if (wanted(application)) {
            addFilter(context, application);
        }
        ContainerAuth.registerIfAsked(context, environment, systemProperties);
    }

    private void addFilter(ServletContext context, String application) throws ServletException {
        for (FilterRegistration existing : context.getFilterRegistrations().values()) {
            // the public filter, or its core as this class registers it
            if (!OidcHybridFilter.class.getName().equals(existing.getClassName())
                    && !OidcFilterCore.class.getName().equals(existing.getClassName())) {
                continue;
            }
            // declared for the whole application (not only, say, a bearer filter on /api/*): that one protects it;
            // one declared without a mapping protects nothing
            if (existing.getUrlPatternMappings().contains("/*")) {
                LOG.log(System.Logger.Level.INFO, "OIDC filter not added to web application {0}: it declares "
                        + "filter ''{1}'' for /* itself", application, existing.getName());
                return;
            }
        }
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME,
                new OidcFilterCore(environment, Clock.systemUTC(), new SecureRandom()));
        if (filter == null) {
            throw new ServletException("OIDC filter not added to web application " + application + ": it has "
                    + "another filter named '" + FILTER_NAME + "'; it would run unprotected, so it does not start");
        }
        // the application's asynchronous servlets run behind it: a filter of the chain that does not support
        // asynchronous requests makes their startAsync() fail
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        LOG.log(System.Logger.Level.INFO, "OIDC filter added to web application {0} ({1})", application,
                ENVIRONMENT_VARIABLE);
    }

    /**
     * Whether the setting asks for this application. A value that is neither {@code true}/{@code false} nor a list
     * of context paths, or that lists this application's path in another case or with extra slashes, stops the
     * application: the operator meant it to be protected, and a typo must not leave it open.
     */
    private boolean wanted(String application) throws ServletException {
        String setting = environment.apply(ENVIRONMENT_VARIABLE);
        String source = ENVIRONMENT_VARIABLE;
        if (setting == null || setting.isBlank()) {
            setting = systemProperties.apply(SYSTEM_PROPERTY);
            source = SYSTEM_PROPERTY;
        }
        if (setting == null || setting.isBlank()) {
            return false;
        }
        String value = setting.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        boolean listed = false;
        List<String> paths = new ArrayList<>();
        for (String entry : setting.split(",")) {
            String path = entry.trim();
            paths.add(path);
            if (!path.matches("/|/[^/\\s*?,;]+(/[^/\\s*?,;]+)*")) {
                throw new ServletException(source + " must be true, false or a comma-separated list of context paths "
                        + "such as /shop, /legacy (/ for the root application); '" + printable(path)
                        + "' is none of them, so web application " + application + " does not start unprotected");
            }
            if (path.equals(application)) {
                listed = true;
            } else if (path.equalsIgnoreCase(application)) {
                throw new ServletException(source + " lists " + path + ", which differs from web application "
                        + application + " only in case: context paths are case-sensitive; it does not start until "
                        + "the setting names it exactly");
            }
        }
        track(setting, paths, source, application);
        return listed;
    }

    private static String printable(String value) {
        return value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? value : "(unprintable)";
    }
}
