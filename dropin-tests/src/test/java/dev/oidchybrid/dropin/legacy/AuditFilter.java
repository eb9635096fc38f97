package dev.oidchybrid.dropin.legacy;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * The legacy application's own filter (as such applications have for auditing or authorization): notes the user
 * it sees, so the tests show whether the OIDC filter ran before it.
 */
public class AuditFilter implements Filter {

    static final String ATTRIBUTE = "audit.remoteUser";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(ATTRIBUTE, ((HttpServletRequest) request).getRemoteUser());
        chain.doFilter(request, response);
    }
}
