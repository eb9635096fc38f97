package dev.oidchybrid.it;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Makes every deployed WAR load its own classes first, as the Servlet specification (§10.7.2) asks and as a real
 * container does, so that the tests see the WAR's own jose4j, Jersey and Yasson and a jar missing from the WAR
 * fails here instead of being hidden by the test class path.
 *
 * <p>Only the Jetty adapter needs this: it loads parent-first. Its {@code classloaderBehavior=SERVLET_SPEC}
 * would say the same, but Arquillian's configuration mapper cannot set an enum property from arquillian.xml
 * ("argument type mismatch"), so the adapter's {@link WebAppContextProcessor} hook ({@link OnJetty}) sets it
 * instead. Tomcat's web application class loader already looks in the WAR first (the Context's
 * {@code delegate=false}, its default), and WildFly isolates deployments in their own modules.
 *
 * <p>This class is registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension} and
 * must load on every container's class path, so it names no Jetty type itself: {@link OnJetty} is only loaded
 * when the Jetty adapter is on the class path.
 */
public final class ChildFirstClassLoading implements LoadableExtension {

    private static final String JETTY_HOOK =
            "org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor";

    @Override
    public void register(ExtensionBuilder builder) {
        if (onClassPath(JETTY_HOOK)) {
            OnJetty.register(builder);
        }
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, ChildFirstClassLoading.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The Jetty adapter's hook: child-first class loading for each WAR it deploys. */
    public static final class OnJetty implements WebAppContextProcessor {

        static void register(ExtensionBuilder builder) {
            builder.service(WebAppContextProcessor.class, OnJetty.class);
        }

        @Override
        public void process(WebAppContext webAppContext, Archive<?> archive) {
            webAppContext.setParentLoaderPriority(false);
            // Jetty hides the Jakarta Authentication API from web applications; the sample's filter jar registers
            // its module through it (container-auth), as a Jetty operator allows in the context's XML
            webAppContext.getHiddenClassMatcher().exclude("jakarta.security.auth.message.");
            JettyJaspi.install();
        }
    }
}
