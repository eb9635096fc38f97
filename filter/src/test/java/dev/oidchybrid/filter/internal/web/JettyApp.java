package dev.oidchybrid.filter.internal.web;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.function.Consumer;

/**
 * An application at {@code /app} on loopback whose filters and servlets a test lays out itself (where
 * {@link FilterHarness}'s one filter in front of one servlet is not enough).
 */
final class JettyApp implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    JettyApp(Consumer<ServletContextHandler> layout) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        layout.accept(context);
        server.setHandler(context);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>/app}. */
    String base() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/app";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
