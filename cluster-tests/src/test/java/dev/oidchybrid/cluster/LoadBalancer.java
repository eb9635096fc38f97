package dev.oidchybrid.cluster;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test-controlled load balancer in front of the two nodes: a Jetty {@link ProxyServlet} on
 * {@code 127.0.0.1:<port>} forwarding every request, unchanged, to node A or node B (the {@code Host} header is
 * kept, so the nodes see the external address). Which node serves is the test's choice:
 * {@link #route(Node)} sends every request to one node, {@link #alternate()} takes turns (A first), and a
 * request carrying the header {@value #ROUTE_HEADER} ({@code A} or {@code B}) goes to that node whatever the
 * policy. Every forwarded request is recorded ({@link #served()}) with the node and its answer's status.
 */
final class LoadBalancer implements AutoCloseable {

    /** A node behind the load balancer. */
    enum Node {
        A, B
    }

    /** A request header choosing the node for that request. */
    static final String ROUTE_HEADER = "X-Cluster-Route";

    /** One forwarded request: method, path (with query), the node and its answer's status (502: no answer). */
    record Served(String method, String path, Node node, int status) {
        @Override
        public String toString() {
            return method + " " + path + " -> " + node + " " + status;
        }
    }

    private static final String NODE_ATTRIBUTE = LoadBalancer.class.getName() + ".node";
    private static final String RECORDED_ATTRIBUTE = LoadBalancer.class.getName() + ".recorded";

    private final Map<Node, Integer> ports;
    private final Server server;
    private final List<Served> served = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile Node fixed = Node.A;

    LoadBalancer(int portA, int portB) {
        ports = new EnumMap<>(Map.of(Node.A, portA, Node.B, portB));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder proxy = new ServletHolder(new RoutingProxy());
        proxy.setInitParameter("preserveHost", "true");
        proxy.setInitParameter("idleTimeout", "30000");
        proxy.setInitParameter("timeout", "60000");
        context.addServlet(proxy, "/*");
        server.setHandler(context);
    }

    LoadBalancer start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("load balancer did not start", e);
        }
        return this;
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * {@code http://localhost:<port>} (it listens on 127.0.0.1): a loopback name, where the filter's cookies are
     * Secure and HtmlUnit, like browsers, sends them back over plain http.
     */
    String origin() {
        return "http://localhost:" + port();
    }

    /** From now on every request (without {@value #ROUTE_HEADER}) goes to {@code node}. */
    void route(Node node) {
        fixed = Objects.requireNonNull(node, "node");
    }

    /** From now on requests (without {@value #ROUTE_HEADER}) alternate between the nodes, A first. */
    void alternate() {
        turn.set(0);
        fixed = null;
    }

    /** The requests forwarded so far, oldest first. */
    List<Served> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    /** Forgets the requests forwarded so far. */
    void clearServed() {
        synchronized (served) {
            served.clear();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("load balancer did not stop", e);
        }
    }

    private Node choose(HttpServletRequest request) {
        String header = request.getHeader(ROUTE_HEADER);
        if (header != null) {
            return Node.valueOf(header.trim());
        }
        Node node = fixed;
        if (node != null) {
            return node;
        }
        return turn.getAndIncrement() % 2 == 0 ? Node.A : Node.B;
    }

    private void record(HttpServletRequest request, int status) {
        if (request.getAttribute(RECORDED_ATTRIBUTE) != null) {
            return;
        }
        request.setAttribute(RECORDED_ATTRIBUTE, Boolean.TRUE);
        String query = request.getQueryString();
        Served entry = new Served(request.getMethod(),
                request.getRequestURI() + (query == null ? "" : "?" + query),
                (Node) request.getAttribute(NODE_ATTRIBUTE), status);
        synchronized (served) {
            served.add(entry);
        }
    }

    /** The proxy: the target is the chosen node's origin plus the request's path and query. */
    private final class RoutingProxy extends ProxyServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected String rewriteTarget(HttpServletRequest request) {
            Node node = choose(request);
            request.setAttribute(NODE_ATTRIBUTE, node);
            String query = request.getQueryString();
            return "http://127.0.0.1:" + ports.get(node) + request.getRequestURI()
                    + (query == null ? "" : "?" + query);
        }

        /** Recorded before the answer goes to the client, so a test sees it as soon as it has the answer. */
        @Override
        protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                               Response serverResponse) {
            record(clientRequest, serverResponse.getStatus());
            super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
        }

        @Override
        protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                              Response serverResponse, Throwable failure) {
            record(clientRequest, 502);
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
        }
    }
}
