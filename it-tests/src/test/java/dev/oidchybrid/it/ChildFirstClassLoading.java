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
 * <p>The Jetty adapter's {@code classloaderBehavior=SERVLET_SPEC} would say the same, but Arquillian's
 * configuration mapper cannot set an enum property from arquillian.xml ("argument type mismatch"), so the
 * adapter's {@link WebAppContextProcessor} hook sets it instead. Registered in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class ChildFirstClassLoading implements LoadableExtension, WebAppContextProcessor {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(WebAppContextProcessor.class, ChildFirstClassLoading.class);
    }

    @Override
    public void process(WebAppContext webAppContext, Archive<?> archive) {
        webAppContext.setParentLoaderPriority(false);
    }
}
