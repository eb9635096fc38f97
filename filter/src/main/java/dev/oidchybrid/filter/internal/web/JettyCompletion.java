package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Jetty 12's Jakarta Authentication hands the module its own completion callback (its {@code JaspiMessageInfo}
 * has {@code getCallback()}, an {@code org.eclipse.jetty.util.Callback}) and waits for it whenever the module
 * answers the request itself: without it the response is never finished. Other containers finish the response when
 * the module returns. Found by reflection, so the filter names no Jetty type.
 */
final class JettyCompletion {

    private JettyCompletion() {
    }

    /** Whether the message comes from Jetty's Jakarta Authentication (it carries Jetty's completion callback). */
    static boolean isJetty(Object messageInfo) {
        try {
            messageInfo.getClass().getMethod("getCallback");
            return true;
        } catch (NoSuchMethodException notJetty) {
            return false;
        }
    }

    /** Finishes the response the module wrote, when the container is one that waits for that. */
    static void complete(Object messageInfo, HttpServletResponse response) throws IOException {
        Object callback;
        Method succeeded;
        try {
            Method getCallback = messageInfo.getClass().getMethod("getCallback");
            callback = getCallback.invoke(messageInfo);
            if (callback == null) {
                return;
            }
            succeeded = callback.getClass().getMethod("succeeded");
            succeeded.setAccessible(true);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException
                 | RuntimeException notJetty) {
            return;
        }
        try {
            response.getWriter().close();
        } catch (IllegalStateException streamInUse) {
            response.getOutputStream().close();
        }
        try {
            succeeded.invoke(callback);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IOException("could not finish the response: " + e, e);
        }
    }
}
