package dev.oidchybrid.interop;

import org.eclipse.jetty.ee10.servlet.SessionHandler;
import jakarta.security.auth.message.config.AuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The sample WAR in embedded Jetty 12 (ee10), as the demo runs it, on 127.0.0.1 over http or https (the test
 * certificate). The filter's settings go in as init-params through a generated override descriptor (Jetty's
 * {@code WebAppContext.setOverrideDescriptor}), so several differently configured apps can run in one JVM: system
 * properties ({@code oidc.<name>}) would be shared by all of them. Because the environment ({@code OIDC_<NAME>})
 * and system properties override init-params, their presence fails the start rather than silently changing
 * the app under test.
 */
final class SampleApp implements AutoCloseable {

    private static final String FILTER_NAME = "oidc";
    /** A fixed sealing key keeps the log free of the "random cookie key" warning; test only. */
    private static final String COOKIE_KEY = "interop-tests-cookie-key-0123456789abcdef";

    private final String name;
    private final String scheme;
    private final String host;
    private final int port;
    private final Server server;
    private final WebAppContext webapp;

    private SampleApp(String name, String scheme, String host, int port, Server server, WebAppContext webapp) {
        this.name = name;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.server = server;
        this.webapp = webapp;
    }

    /** An app served over https (the test certificate) at {@code https://<host>:<port>/}. */
    static Builder https(String name, String host, int port) {
        return new Builder(name, "https", host, port);
    }

    /** An app served over plain http at {@code http://<host>:<port>/}. */
    static Builder http(String name, String host, int port) {
        return new Builder(name, "http", host, port);
    }

    /** The redirect URI the filter will send for an app at this address with the default {@code redirect-path}. */
    static String callbackUrl(String scheme, String host, int port) {
        return scheme + "://" + host + ":" + port + "/callback";
    }

    /** {@code scheme://host:port/}, with the trailing slash. */
    String baseUrl() {
        return scheme + "://" + host + ":" + port + "/";
    }

    /** {@code baseUrl() + path} ({@code path} without leading slash). */
    String url(String path) {
        return baseUrl() + path;
    }

    /** Ends the session whose {@code JSESSIONID} cookie value is given, on the server (as an expiry would). */
    void invalidateSession(String sessionCookieValue) throws Exception {
        SessionHandler sessions = webapp.getSessionHandler();
        String id = sessions.getSessionIdManager().getId(sessionCookieValue);
        sessions.invalidate(id);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly: " + this, e);
        }
    }

    @Override
    public String toString() {
        return "SampleApp[" + name + " " + baseUrl() + "]";
    }

    static final class Builder {

        private final String name;
        private final String scheme;
        private final String host;
        private final int port;
        private final Map<String, String> params = new LinkedHashMap<>();
        private String sessionCookieName;

        private Builder(String name, String scheme, String host, int port) {
            this.name = Objects.requireNonNull(name);
            this.scheme = scheme;
            this.host = host;
            this.port = port;
            params.put("cookie-keys", COOKIE_KEY);
        }

        /** A filter init-param, e.g. {@code param("issuer", ...)}. */
        Builder param(String paramName, String value) {
            params.put(paramName, value);
            return this;
        }

        /**
         * The container's session cookie name instead of {@code JSESSIONID}: browsers do not tell ports apart in
         * cookies, so two apps on one host need different names to keep a session each in one browser.
         */
        Builder sessionCookieName(String cookieName) {
            this.sessionCookieName = cookieName;
            return this;
        }

        SampleApp start() throws Exception {
            refuseOutsideConfiguration();
            Path dir = Files.createDirectories(InteropEnvironment.workDir().resolve("apps").resolve(name));
            Path override = dir.resolve("override-web.xml");
            Files.writeString(override, overrideDescriptor(params), StandardCharsets.UTF_8);

            Server server = new Server();
            ServerConnector connector = "https".equals(scheme) ? httpsConnector(server) : new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);

            WebAppContext webapp = new WebAppContext();
            webapp.setContextPath("/");
            webapp.setWar(InteropEnvironment.sampleWar().toString());
            webapp.setOverrideDescriptor(override.toString());
            webapp.setTempDirectory(dir.resolve("work").toFile());
            // The WAR's jose4j logs through SLF4J: let it find the test class path's provider (as the demo does).
            webapp.getProtectedClassMatcher().add("org.slf4j.");
            // the sample's container-auth (its /admin <security-constraint>): Jetty's Jakarta Authentication, and
            // its API visible to the WAR, as in the demo
            AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
            webapp.getHiddenClassMatcher().exclude("jakarta.security.auth.message.");
            webapp.setThrowUnavailableOnStartupException(true);
            if (sessionCookieName != null) {
                webapp.getSessionHandler().setSessionCookie(sessionCookieName);
            }
            server.setHandler(webapp);
            server.setStopTimeout(2000);
            try {
                server.start();
            } catch (Exception e) {
                server.stop();
                throw e;
            }
            return new SampleApp(name, scheme, host, port, server, webapp);
        }

        private static ServerConnector httpsConnector(Server server) {
            TestTls tls = TestTls.get();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore().toString());
            ssl.setKeyStorePassword(TestTls.PASSWORD);
            ssl.setKeyStoreType("PKCS12");
            HttpConfiguration config = new HttpConfiguration();
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            config.addCustomizer(secure);
            return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(config));
        }

        private static String overrideDescriptor(Map<String, String> params) {
            StringBuilder xml = new StringBuilder(1024);
            xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                    .append("<!-- generated by the interop tests: the filter settings of this app instance -->\n")
                    .append("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n")
                    .append("  <filter>\n    <filter-name>").append(FILTER_NAME).append("</filter-name>\n");
            params.forEach((key, value) -> xml.append("    <init-param><param-name>").append(escape(key))
                    .append("</param-name><param-value>").append(escape(value)).append("</param-value></init-param>\n"));
            xml.append("  </filter>\n");
            // the sample's API filter (bearer mode) needs the same issuer
            String issuer = params.get("issuer");
            if (issuer != null) {
                xml.append("  <filter>\n    <filter-name>oidc-api</filter-name>\n    <init-param><param-name>issuer")
                        .append("</param-name><param-value>").append(escape(issuer)).append("</param-value></init-param>\n")
                        .append("  </filter>\n");
            }
            return xml.append("</web-app>\n").toString();
        }

        private void refuseOutsideConfiguration() {
            System.getenv().keySet().stream().filter(k -> k.startsWith("OIDC_")).findFirst().ifPresent(k -> {
                throw new IllegalStateException("environment variable " + k + " would override the configuration "
                        + "of the apps under test: unset it");
            });
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("oidc.")).findFirst()
                    .ifPresent(k -> {
                        throw new IllegalStateException("system property " + k + " would override the configuration "
                                + "of the apps under test: unset it");
                    });
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
