package dev.oidchybrid.filter.example;

import dev.oidchybrid.filter.web.OidcHybridFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;

/**
 * {@link AdminPageTest}'s admin page with a roles claim of the test's choosing in the filter's init-params (its
 * web.xml, as the filter sees it), for the tests of what the kit leaves to the application.
 */
final class RolesClaimApp implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    RolesClaimApp(String rolesClaim) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        FilterHolder filter = new FilterHolder(OidcHybridFilter.class);
        filter.setName("oidc");
        filter.setInitParameter("roles-claim", rolesClaim);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(AdminPageTest.AdminServlet.class, "/admin");
        server.setHandler(context);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + connector.getLocalPort() + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
