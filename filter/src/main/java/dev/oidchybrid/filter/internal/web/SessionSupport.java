package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.SessionStoreKind;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.SessionTrackingMode;

import java.util.Set;

/**
 * The start-up check that {@code session-store=http-session} has a container session to keep logins in. A context
 * without session support (an embedded Jetty {@code ServletContextHandler} made without {@code SESSIONS}) would
 * otherwise start cleanly and fail every login at its callback with a 500; the filter refuses to start instead,
 * saying what to change.
 */
final class SessionSupport {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private SessionSupport() {
    }

    /**
     * @throws ServletException when this instance keeps sessions in the container's {@code HttpSession} and
     *                          {@code context} tracks no sessions (logged once, as ERROR)
     */
    static void require(OidcConfig config, ServletContext context, String filterName) throws ServletException {
        if (context == null || config.bearer().enabled() || config.session().store() != SessionStoreKind.HTTP_SESSION
                || tracksSessions(context)) {
            return;
        }
        String message = "session-store=http-session needs the container's HttpSession, but this application has no "
                + "session support; enable sessions for it (embedded Jetty: new ServletContextHandler("
                + "ServletContextHandler.SESSIONS)), or set session-store=cookie with cookie-keys";
        LOG.log(System.Logger.Level.ERROR, "OIDC filter ''{0}'' not started: {1}", filterName, message);
        throw new ServletException(message);
    }

    /** Whether the container tracks sessions of {@code context} in any way (cookie, URL or SSL). */
    static boolean tracksSessions(ServletContext context) {
        Set<SessionTrackingMode> modes;
        try {
            modes = context.getEffectiveSessionTrackingModes();
        } catch (UnsupportedOperationException e) {
            return true; // a container that cannot say: its first session will tell
        }
        return modes != null && !modes.isEmpty();
    }
}
