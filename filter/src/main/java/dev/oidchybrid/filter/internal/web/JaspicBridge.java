package dev.oidchybrid.filter.internal.web;

import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.ServletContext;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything that names a Jakarta Authentication type, so that the rest of the filter loads on a server without
 * that API. Registers {@link OidcAuthModule} for one web application with the container's
 * {@link AuthConfigFactory} through the portable {@code registerConfigProvider} (Jetty's factory does not
 * implement {@code registerServerAuthModule}).
 */
final class JaspicBridge {

    /** The Servlet Container Profile's message layer. */
    static final String LAYER = "HttpServlet";

    private JaspicBridge() {
    }

    /**
     * @return the registration IDs, to remove when the application stops
     * @throws IllegalStateException when the server has no {@link AuthConfigFactory} configured
     */
    static List<String> register(ServletContext context, Supplier<ContainerLogins> logins) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory == null) {
            throw new IllegalStateException("no Jakarta Authentication factory is configured (security property "
                    + AuthConfigFactory.DEFAULT_FACTORY_SECURITY_PROPERTY + ")");
        }
        List<String> ids = new ArrayList<>();
        for (String appContext : appContexts(context)) {
            ids.add(factory.registerConfigProvider(new Provider(appContext, logins), LAYER, appContext,
                    "OpenID Connect login of the OIDC filter"));
        }
        return ids;
    }

    static void remove(List<String> ids) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory != null) {
            ids.forEach(factory::removeRegistration);
        }
    }

    /**
     * The profile's application context identifier, {@code <virtual server name> <context path>}. Containers spell
     * the root application differently (Tomcat and WildFly: an empty path, Jetty: {@code /}) and Jetty has no
     * virtual server name by default ({@code server}): the root gets both spellings.
     */
    static List<String> appContexts(ServletContext context) {
        String host = context.getVirtualServerName() == null ? "server" : context.getVirtualServerName();
        String path = context.getContextPath();
        return path.isEmpty() ? List.of(host + " ", host + " /") : List.of(host + " " + path);
    }

    private record Provider(String appContext, Supplier<ContainerLogins> logins) implements AuthConfigProvider {

        @Override
        public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
            return null;
        }

        @Override
        public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
            OidcAuthModule module = new OidcAuthModule(logins);
            module.initialize(null, null, handler, Map.of());
            return new Config(layer, appContext, module);
        }

        @Override
        public void refresh() {
        }
    }

    private record Config(String layer, String appContext, OidcAuthModule module) implements ServerAuthConfig {

        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject,
                                                Map<String, Object> properties) {
            return module;
        }

        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return "oidc";
        }

        @Override
        public void refresh() {
        }

        @Override
        public boolean isProtected() {
            return false;
        }
    }
}
