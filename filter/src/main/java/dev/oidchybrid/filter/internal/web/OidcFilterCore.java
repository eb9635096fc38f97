package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParams;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.health.HealthRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * What {@link dev.oidchybrid.filter.web.OidcHybridFilter} runs: it only routes, the callback path to the login
 * completion, the logout path to logout, excluded paths straight through, everything else to the protected-request
 * handling. An invalid configuration fails {@link #init} with every problem listed.
 */
public final class OidcFilterCore implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final UnaryOperator<String> environment;
    private final Clock clock;
    private final SecureRandom random;

    private FilterAssembly.Assembled assembled;
    /** False when the container's security built the login ({@code container-auth}): it also releases it. */
    private boolean ownsAssembly;
    private AppRevocations published;
    private HealthRegistry.Registration health;
    private ServletContext context;

    /** @param environment the process environment ({@code System::getenv}, or a map in tests) */
    public OidcFilterCore(UnaryOperator<String> environment, Clock clock, SecureRandom random) {
        this.environment = environment;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        OidcConfig config;
        InitParams params = new InitParams(filterConfig.getFilterName(), filterConfig::getInitParameter,
                System::getProperty, environment);
        for (String ignored : params.ignoredGlobals()) {
            LOG.log(System.Logger.Level.WARNING, "OIDC filter ''{0}'': {1} is ignored because its web.xml sets that "
                    + "parameter; to change it for this filter only, use {2}", filterConfig.getFilterName(), ignored,
                    ignored.startsWith("OIDC_") ? "OIDC_<FILTER_NAME>_<NAME>" : "oidc.<filter-name>.<name>");
        }
        LOG.log(System.Logger.Level.INFO, "OIDC filter ''{0}'' settings from: {1}", filterConfig.getFilterName(),
                params.describeSources());
        try {
            config = OidcConfig.builder(params).build();
        } catch (OidcException e) {
            LOG.log(System.Logger.Level.ERROR, "OIDC filter ''{0}'' not started: {1}", filterConfig.getFilterName(),
                    e.description());
            throw new ServletException(e.description());
        }
        SessionSupport.require(config, filterConfig.getServletContext(), filterConfig.getFilterName());
        if (config.session().containerAuth()) {
            // the container's security already runs this instance's login, built when the application started
            try {
                assembled = ContainerAuth.assembledFor(filterConfig.getServletContext(), filterConfig.getFilterName());
            } catch (ServletException e) {
                LOG.log(System.Logger.Level.ERROR, "OIDC filter ''{0}'' not started: {1}",
                        filterConfig.getFilterName(), e.getMessage());
                throw e;
            }
            ownsAssembly = false;
        } else {
            try {
                assembled = FilterAssembly.assemble(config, clock, random, filterConfig.getFilterName(),
                        filterConfig.getServletContext() == null ? "" : filterConfig.getServletContext().getContextPath());
            } catch (OidcException e) {
                LOG.log(System.Logger.Level.ERROR, "OIDC filter ''{0}'' not started: {1}",
                        filterConfig.getFilterName(), e.description());
                throw new ServletException(e.description());
            }
            ownsAssembly = true;
        }
        context = filterConfig.getServletContext();
        if (context != null && assembled.revocations() != null) {
            published = AppRevocations.publish(context, filterConfig.getFilterName(), config.provider().issuer(),
                    assembled.revocations(), assembled.telemetry());
        }
        health = HealthRegistry.register(context == null ? "" : context.getContextPath(),
                filterConfig.getFilterName(), assembled.health());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        DispatchPath dispatch = DispatchPath.ofOrRefuse(request, response);
        if (dispatch == null) {
            return;
        }
        // only a request whose raw URI spells its dispatch path plainly is routed to an endpoint or let through
        // unprotected: anything else is protected
        assembled.routes().route(request, response, chain, dispatch.plain() ? dispatch.path() : null);
    }

    @Override
    public void destroy() {
        if (health != null) {
            health.close();
            health = null;
        }
        if (published != null) {
            published.withdraw(context);
            published = null;
        }
        if (assembled != null && ownsAssembly) {
            try {
                assembled.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "OIDC filter did not release everything: {0}", e.toString());
            }
        }
        assembled = null;
    }
}
