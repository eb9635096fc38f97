package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.InitParams;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.web.OidcHybridFilter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code container-auth}: the container's own security (web.xml {@code <security-constraint>}, {@code @RolesAllowed},
 * {@code isUserInRole}, EJB caller identity) logs users in through one OIDC filter instance of the application.
 * The login is built and the Jakarta Authentication module registered while the application starts (a
 * {@code ServletContainerInitializer}, before the container sets up its security); the filter runs that same login
 * from its {@code init()} on, and the application's end releases it.
 */
final class ContainerAuth {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    /** The context attribute holding the {@link Slot}. */
    static final String ATTRIBUTE = ContainerAuth.class.getName();

    static final String HOW = "Tomcat 10.1 and later and WildFly have it built in; on Jetty 12 enable the "
            + "ee10-jaspi module (embedded: jetty-ee10-jaspi on the class path and "
            + "AuthConfigFactory.setFactory(new DefaultAuthConfigFactory()))";

    /** The filter instance the container follows, and its login, built when the application starts. */
    record Slot(String filterName, FilterAssembly.Assembled assembled) {
    }

    private ContainerAuth() {
    }

    /**
     * Registers the module when one OIDC filter of the application (declared in web.xml, or added by
     * {@link AutoRegistration}) has {@code container-auth=true}.
     *
     * @throws ServletException when several filters ask for it, the value is not a boolean, or the server has no
     *                          Jakarta Authentication: the application must not start with its constraints unserved
     */
    static void registerIfAsked(ServletContext context, UnaryOperator<String> environment,
                                UnaryOperator<String> systemProperties) throws ServletException {
        List<String> asking = new ArrayList<>();
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            if (!OidcHybridFilter.class.getName().equals(filter.getClassName())
                    && !OidcFilterCore.class.getName().equals(filter.getClassName())) {
                continue;
            }
            InitParams params = new InitParams(filter.getName(), filter::getInitParameter, systemProperties,
                    environment);
            String value = params.get(InitParam.CONTAINER_AUTH).orElse("false").trim().toLowerCase(Locale.ROOT);
            if (value.equals("true")) {
                asking.add(filter.getName());
            } else if (!value.equals("false")) {
                throw new ServletException("OIDC filter '" + filter.getName() + "': "
                        + InitParam.CONTAINER_AUTH.paramName() + " must be true or false");
            }
        }
        if (asking.isEmpty()) {
            return;
        }
        String application = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        if (asking.size() > 1) {
            throw new ServletException("web application " + application + ": " + InitParam.CONTAINER_AUTH.paramName()
                    + " is true for several OIDC filters " + asking + "; the container's security can follow one");
        }
        String filterName = asking.get(0);
        FilterRegistration filter = context.getFilterRegistration(filterName);
        InitParams params = new InitParams(filterName, filter::getInitParameter, systemProperties, environment);
        FilterAssembly.Assembled assembled;
        try {
            // built now, not at the filter's init(): some containers (WildFly) start filters at their first request,
            // and the container asks the module before that
            assembled = FilterAssembly.assemble(OidcConfig.builder(params).build(), Clock.systemUTC(),
                    new SecureRandom(), filterName, context.getContextPath());
        } catch (OidcException e) {
            LOG.log(System.Logger.Level.ERROR, "OIDC filter ''{0}'' not started: {1}", filterName, e.description());
            throw new ServletException(e.description());
        }
        Slot slot = new Slot(filterName, assembled);
        List<String> registrations;
        try {
            registrations = JaspicBridge.register(context, () -> assembled.routes().containerLogins().orElse(null));
        } catch (LinkageError | IllegalStateException | UnsupportedOperationException | SecurityException e) {
            close(assembled);
            throw new ServletException("web application " + application + ": OIDC filter '" + filterName
                    + "' has " + InitParam.CONTAINER_AUTH.paramName() + "=true, but this server offers no Jakarta "
                    + "Authentication (" + e.getMessage() + "); " + HOW);
        }
        context.setAttribute(ATTRIBUTE, slot);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                JaspicBridge.remove(registrations);
                close(assembled);
            }
        });
        LOG.log(System.Logger.Level.INFO, "OIDC filter ''{0}'' logs users in for the container''s security of web "
                + "application {1} (container-auth)", filterName, application);
    }

    private static void close(FilterAssembly.Assembled assembled) {
        try {
            assembled.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC filter did not release everything: {0}", e.toString());
        }
    }

    /**
     * The login the container's security runs for this filter, to run as the filter's too.
     *
     * @throws ServletException when the module was not registered for this filter at start-up
     */
    static FilterAssembly.Assembled assembledFor(ServletContext context, String filterName) throws ServletException {
        Object value = context == null ? null : context.getAttribute(ATTRIBUTE);
        if (!(value instanceof Slot slot) || !slot.filterName().equals(filterName)) {
            throw new ServletException("OIDC filter '" + filterName + "' has " + InitParam.CONTAINER_AUTH.paramName()
                    + "=true, but the container's security was not connected to it when the application started "
                    + "(the filter jar's ServletContainerInitializer did not run: check <absolute-ordering> in "
                    + "web.xml, or a setting changed after start-up)");
        }
        return slot.assembled();
    }
}
