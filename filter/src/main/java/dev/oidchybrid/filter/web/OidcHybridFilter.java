package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.internal.web.OidcFilterCore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Adds OpenID Connect login to a web application: map it to {@code /*} in web.xml and configure it with
 * init-params (listed in README.md, each overridable by system property and environment variable). An invalid
 * configuration fails {@link #init} with every problem listed.
 */
public class OidcHybridFilter implements Filter {

    private final OidcFilterCore core = new OidcFilterCore(System::getenv, Clock.systemUTC(), new SecureRandom());

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        core.init(filterConfig);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        core.doFilter(request, response, chain);
    }

    @Override
    public void destroy() {
        core.destroy();
    }
}
