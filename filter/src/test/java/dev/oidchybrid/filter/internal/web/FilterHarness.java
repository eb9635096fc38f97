package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.web.OidcAttributes;
import dev.oidchybrid.filter.web.OidcSessions;

import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;

/**
 * The filter in a real Jetty on loopback, at context path {@code /app}, in front of a servlet that prints
 * what the filter handed on. Environment variables are given as a map.
 */
final class FilterHarness implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;
    private String contextPath;

    FilterHarness(Map<String, String> initParams, Map<String, String> environment) throws Exception {
        this(initParams, environment, Clock.systemUTC());
    }

    FilterHarness(Map<String, String> initParams, Map<String, String> environment, Clock clock) throws Exception {
        this(initParams, environment, clock, "/app");
    }

    FilterHarness(Map<String, String> initParams, Map<String, String> environment, Clock clock, String contextPath)
            throws Exception {
        this(initParams, environment, clock, contextPath, null);
    }

    /**
     * @param uriCompliance null for Jetty's default; {@link UriCompliance#UNSAFE} lets ambiguous paths through to
     *                      the filter (and decodes them for the servlet API), as more lenient containers do
     */
    FilterHarness(Map<String, String> initParams, Map<String, String> environment, Clock clock, String contextPath,
                  UriCompliance uriCompliance) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        if (uriCompliance != null) {
            http.setUriCompliance(uriCompliance);
        }
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath);
        // a class loader of its own, as a web application has (JCache cache managers are per class loader)
        context.setClassLoader(new java.net.URLClassLoader(new java.net.URL[0], FilterHarness.class.getClassLoader()));
        this.contextPath = contextPath;
        FilterHolder filter = new FilterHolder(new OidcFilterCore(environment::get, clock,
                new SecureRandom()));
        filter.setName("oidc");
        initParams.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        if (uriCompliance != null) {
            context.getServletHandler().setDecodeAmbiguousURIs(true);
        }
        server.setHandler(context);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    String contextPath() {
        return contextPath;
    }

    String url(String path) {
        return "http://127.0.0.1:" + connector.getLocalPort() + contextPath + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The {@code key=value} lines the {@link EchoServlet} answered, as a map. */
    static Map<String, String> echoed(String body) {
        Map<String, String> map = new java.util.HashMap<>();
        body.lines().filter(l -> l.indexOf('=') > 0)
                .forEach(l -> map.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return map;
    }

    /** Prints one {@code key=value} line per thing the filter is meant to hand on. */
    static final class EchoServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            resp.setContentType("text/plain");
            callApiNeedingAcr(req, resp);
            if (req.getParameter("createSession") != null) {
                req.getSession(true);
            }
            // the application ends sessions (OidcSessions): "log out everywhere", a password change, a locked account
            if (req.getParameter("revokeSubject") != null) {
                OidcSessions.of(req.getServletContext()).revokeSubject(req.getParameter("revokeSubject"));
            }
            if (req.getParameter("revokeSid") != null) {
                OidcSessions.of(req.getServletContext()).revokeSid(req.getParameter("revokeSid"));
            }
            if (req.getParameter("note") != null) {
                req.getSession(true).setAttribute("app.note", req.getParameter("note"));
            }
            jakarta.servlet.http.HttpSession httpSession = req.getSession(false);
            OidcPrincipal principal = (OidcPrincipal) req.getAttribute(OidcAttributes.PRINCIPAL);
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = (Map<String, Object>) req.getAttribute(OidcAttributes.CLAIMS);
            resp.getWriter().write("path=" + req.getRequestURI() + (req.getQueryString() == null ? "" : "?"
                    + req.getQueryString()) + "\n"
                    + "dispatch=" + req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()) + "\n"
                    + "user=" + (req.getUserPrincipal() == null ? "anonymous" : req.getUserPrincipal().getName()) + "\n"
                    + "remote=" + req.getRemoteUser() + "\n"
                    + "authType=" + req.getAuthType() + "\n"
                    + "admin=" + req.isUserInRole("admin") + "\n"
                    + "idToken=" + (req.getAttribute(OidcAttributes.ID_TOKEN) != null) + "\n"
                    + "accessToken=" + (req.getAttribute(OidcAttributes.ACCESS_TOKEN) != null) + "\n"
                    + "accessTokenId=" + java.util.Objects.hashCode(req.getAttribute(OidcAttributes.ACCESS_TOKEN)) + "\n"
                    + "email=" + (claims == null ? null : claims.get("email")) + "\n"
                    + "acr=" + (claims == null ? null : claims.get("acr")) + "\n"
                    + "principalAttr=" + (principal != null) + "\n"
                    + (req.getParameter("sid") != null && claims != null ? "sid=" + claims.get("sid") + "\n" : "")
                    + (req.getParameter("idtoken") != null ? "rawIdToken=" + req.getAttribute(OidcAttributes.ID_TOKEN)
                            + "\n" : "")
                    + (req.getParameter("at") != null ? "rawAccessToken=" + req.getAttribute(OidcAttributes.ACCESS_TOKEN)
                            + "\n" : "")
                    + (req.getParameter("destinations") != null ? "destinations="
                            + dev.oidchybrid.filter.client.OidcAccessTokens.allowedDestinations(req) + "\n" : "")
                    + "scopes=" + req.getAttribute(OidcAttributes.SCOPES) + "\n"
                    + "dpopJkt=" + req.getAttribute(OidcAttributes.DPOP_JKT) + "\n"
                    + "note=" + (httpSession == null ? null : httpSession.getAttribute("app.note")) + "\n"
                    + "tokenScope=" + (req.getAttribute(OidcAttributes.TOKEN_SET) instanceof
                            dev.oidchybrid.filter.internal.token.TokenSet t ? t.scope() : null) + "\n"
                    + "tokenType=" + (req.getAttribute(OidcAttributes.TOKEN_SET) instanceof
                            dev.oidchybrid.filter.internal.token.TokenSet t ? t.tokenType() : null) + "\n"
                    + "tokenSetKey=" + (req.getAttribute(OidcAttributes.TOKEN_SET) instanceof
                            dev.oidchybrid.filter.internal.token.TokenSet t && t.dpopKey() != null) + "\n"
                    + "storedDpopKey=" + storedDpopKey(httpSession) + "\n"
                    + "method=" + req.getMethod() + "\n"
                    + "posted=" + posted(req) + "\n");
        }

        /** The request's parameters as {@code name=value} pairs joined by {@code &}, values of a name in order. */
        private static String posted(HttpServletRequest req) {
            java.util.StringJoiner pairs = new java.util.StringJoiner("&");
            req.getParameterMap().forEach((name, values) -> {
                for (String value : values) {
                    pairs.add(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8) + "="
                            + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
                }
            });
            return pairs.toString();
        }

        /**
         * {@code ?apiNeedsAcr=<acr>}: as if the page called an API that answers RFC 9470's 401
         * {@code insufficient_user_authentication} unless the user's {@code acr} is that one, and let
         * {@link dev.oidchybrid.filter.client.StepUpRequiredException} out (with {@code &wrapped}, inside a
         * ServletException, as frameworks do).
         */
        @SuppressWarnings("unchecked")
        private static void callApiNeedingAcr(HttpServletRequest req, HttpServletResponse resp)
                throws IOException, ServletException {
            String needed = req.getParameter("apiNeedsAcr");
            Map<String, Object> claims = (Map<String, Object>) req.getAttribute(OidcAttributes.CLAIMS);
            if (needed == null || claims != null && needed.equals(claims.get("acr"))) {
                return;
            }
            resp.getWriter().write("output the filter must discard\n");
            jakarta.ws.rs.core.Response api = jakarta.ws.rs.core.Response.status(401).header("WWW-Authenticate",
                    "Bearer error=\"insufficient_user_authentication\", acr_values=\"" + needed + "\"").build();
            try {
                dev.oidchybrid.filter.client.StepUpRequiredException.throwIfRequired(api);
            } catch (dev.oidchybrid.filter.client.StepUpRequiredException e) {
                if (req.getParameter("wrapped") != null) {
                    throw new ServletException("the API call failed", e);
                }
                throw e;
            }
        }

        /** How the container's session holds the filter's DPoP key: none, sealed, or plain (a JWK's JSON). */
        private static String storedDpopKey(jakarta.servlet.http.HttpSession session) {
            if (session == null) {
                return "none";
            }
            for (String name : java.util.Collections.list(session.getAttributeNames())) {
                if (session.getAttribute(name) instanceof dev.oidchybrid.filter.internal.session.OidcSession s
                        && s.tokens().dpopKey() != null) {
                    return s.tokens().dpopKey().contains("\"d\"") ? "plain" : "sealed";
                }
            }
            return "none";
        }
    }
}
