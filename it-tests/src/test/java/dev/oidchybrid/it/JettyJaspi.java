package dev.oidchybrid.it;

/**
 * On the embedded Jetty runs: Jetty's Jakarta Authentication factory, as Jetty's {@code ee10-jaspi} module sets it
 * in a standalone server (the sample's {@code container-auth} serves its {@code /admin} constraint through it).
 * Set in code, not through the {@code authconfigprovider.factory} security property: the API would load the factory
 * class by name through the web application's class loader, which hides Jetty's own classes. Called before each
 * Jetty deployment ({@link ChildFirstClassLoading}).
 */
final class JettyJaspi {

    private static final String FACTORY = "org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory";
    private static final String API = "jakarta.security.auth.message.config.AuthConfigFactory";

    private JettyJaspi() {
    }

    static synchronized void install() {
        try {
            Class<?> factory = Class.forName(FACTORY, true, JettyJaspi.class.getClassLoader());
            Class<?> api = Class.forName(API, true, JettyJaspi.class.getClassLoader());
            api.getMethod("setFactory", api).invoke(null, factory.getConstructor().newInstance());
        } catch (ClassNotFoundException notJetty) {
            // another container
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not set Jetty's Jakarta Authentication factory: " + e, e);
        }
    }
}
