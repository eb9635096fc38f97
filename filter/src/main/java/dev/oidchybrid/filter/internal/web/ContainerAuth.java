package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.InitParams;
import dev.oidchybrid.filter.web.OidcHybridFilter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * {@code container-auth}: the container's own security (web.xml {@code <security-constraint>}, {@code @RolesAllowed},
 * {@code isUserInRole}, EJB caller identity) logs users in through one OIDC filter instance of the application.
 * The Jakarta Authentication module is registered while the application starts (a
 * {@code ServletContainerInitializer}, before the container sets up its security), and answers 503 until that
 * filter has started; the filter connects its login at {@code init()} and disconnects it at {@code destroy()}.
 */
final class ContainerAuth {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    /** The context attribute holding the {@link Slot}. */
    static final String ATTRIBUTE = ContainerAuth.class.getName();

    static final String HOW = "Tomcat 10.1 and later and WildFly have it built in; on Jetty 12 enable the "
            + "ee10-jaspi module (embedded: jetty-ee10-jaspi on the class path and "
            + "AuthConfigFactory.setFactory(new DefaultAuthConfigFactory()))";

    /** The filter instance the container follows, and its login once started. */
    static final class Slot {
        final String filterName;
        final AtomicReference<ContainerLogins> logins = new AtomicReference<>();

        Slot(String filterName) {
            this.filterName = filterName;
        }
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
        Slot slot = new Slot(asking.get(0));
        List<String> registrations;
        try {
            registrations = JaspicBridge.register(context, slot.logins::get);
        } catch (LinkageError | IllegalStateException | UnsupportedOperationException | SecurityException e) {
            throw new ServletException("web application " + application + ": OIDC filter '" + slot.filterName
                    + "' has " + InitParam.CONTAINER_AUTH.paramName() + "=true, but this server offers no Jakarta "
                    + "Authentication (" + e.getMessage() + "); " + HOW);
        }
        context.setAttribute(ATTRIBUTE, slot);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                JaspicBridge.remove(registrations);
            }
        });
        LOG.log(System.Logger.Level.INFO, "OIDC filter ''{0}'' logs users in for the container''s security of web "
                + "application {1} (container-auth)", slot.filterName, application);
    }

    /**
     * Connects a started filter's login; null disconnects it.
     *
     * @throws ServletException when the module was not registered for this filter at start-up
     */
    static void connect(ServletContext context, String filterName, ContainerLogins logins) throws ServletException {
        Object value = context == null ? null : context.getAttribute(ATTRIBUTE);
        if (!(value instanceof Slot slot) || !slot.filterName.equals(filterName)) {
            throw new ServletException("OIDC filter '" + filterName + "' has " + InitParam.CONTAINER_AUTH.paramName()
                    + "=true, but the container's security was not connected to it when the application started "
                    + "(the filter jar's ServletContainerInitializer did not run: check <absolute-ordering> in "
                    + "web.xml, or a setting changed after start-up)");
        }
        slot.logins.set(logins);
    }

    static void disconnect(ServletContext context, String filterName) {
        if (context != null && context.getAttribute(ATTRIBUTE) instanceof Slot slot
                && slot.filterName.equals(filterName)) {
            slot.logins.set(null);
        }
    }
}
