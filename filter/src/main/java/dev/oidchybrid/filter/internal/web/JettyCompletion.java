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

    /** Jetty's {@code getCallback()} per message class, or null for other containers' messages. */
    private static final ClassValue<Method> CALLBACK = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getCallback");
            } catch (NoSuchMethodException notJetty) {
                return null;
            }
        }
    };

    /** Whether the message comes from Jetty's Jakarta Authentication (it carries Jetty's completion callback). */
    static boolean isJetty(Object messageInfo) {
        return CALLBACK.get(messageInfo.getClass()) != null;
    }

    /** Per Jetty message class: its callback type's {@code NOOP}, what Jetty's lazy authentication passes. */
    private static final ClassValue<Object> NOOP = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            Method getCallback = CALLBACK.get(type);
            try {
                return getCallback == null ? null : getCallback.getReturnType().getField("NOOP").get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    /**
     * Whether Jetty asks without a request to answer: its lazy authentication ({@code getUserPrincipal()} on a path
     * no constraint guards) passes a stand-in response and the no-op callback. Told apart without touching the
     * stand-in, whose servlet response Jetty can only report by throwing.
     */
    static boolean isDeferred(Object messageInfo) {
        Method getCallback = CALLBACK.get(messageInfo.getClass());
        if (getCallback == null) {
            return false;
        }
        try {
            Object callback = getCallback.invoke(messageInfo);
            return callback == null || callback == NOOP.get(messageInfo.getClass());
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return false;
        }
    }

    /** Finishes the response the module wrote, when the container is one that waits for that. */
    static void complete(Object messageInfo, HttpServletResponse response) throws IOException {
        Method getCallback = CALLBACK.get(messageInfo.getClass());
        if (getCallback == null) {
            return;
        }
        Object callback;
        Method succeeded;
        try {
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
