package dev.oidchybrid.benchmarks.micro;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a servlet container, on plain maps, for {@link FilterAloneBenchmark}: a context, a filter
 * configuration, sessions, and {@code GET} requests and responses whose hot methods are fields and a
 * {@link HashMap}. Anything else the filter calls is answered with a default and recorded in
 * {@link #unexpectedCalls()}, which the benchmark checks before it measures.
 */
final class FakeContainer {

    private final String contextPath;
    private final Set<String> unexpected = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> contextAttributes = new ConcurrentHashMap<>();
    private final ServletContext context;

    FakeContainer(String contextPath) {
        this.contextPath = contextPath;
        this.context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> contextPath;
                    case "getAttribute" -> contextAttributes.get((String) args[0]);
                    case "setAttribute" -> {
                        contextAttributes.put((String) args[0], args[1]);
                        yield null;
                    }
                    case "removeAttribute" -> contextAttributes.remove((String) args[0]);
                    case "getEffectiveSessionTrackingModes", "getDefaultSessionTrackingModes" ->
                            Set.of(SessionTrackingMode.COOKIE);
                    case "getServletContextName" -> "fake";
                    case "getServerInfo" -> "FakeContainer/1";
                    case "getInitParameter" -> null;
                    case "getAttributeNames", "getInitParameterNames" -> Collections.emptyEnumeration();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeContainer context";
                    default -> defaultFor(method.getReturnType(), "ServletContext." + method.getName());
                });
    }

    /** The names of the methods the filter called that this container only answers with a default. */
    Set<String> unexpectedCalls() {
        return unexpected;
    }

    FilterConfig filterConfig(String name, Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return name;
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String param) {
                return params.get(param);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }

    Session newSession() {
        return new Session();
    }

    Request request(String method, String path, Session session) {
        return new Request(method, path, session);
    }

    Response response() {
        return new Response();
    }

    private Object defaultFor(Class<?> type, String name) {
        unexpected.add(name);
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    private <T> T unexpectedOnly(Class<T> type, String owner) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> owner;
                    default -> defaultFor(method.getReturnType(), owner + "." + method.getName());
                }));
    }

    /** A container session: attributes in a map, never invalidated by time. */
    final class Session implements HttpSession {
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final String id = "fake-session";
        private boolean valid = true;

        @Override
        public long getCreationTime() {
            return 0;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public long getLastAccessedTime() {
            return 0;
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public void setMaxInactiveInterval(int interval) {
        }

        @Override
        public int getMaxInactiveInterval() {
            return 1800;
        }

        @Override
        public Object getAttribute(String name) {
            checkValid();
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            checkValid();
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            checkValid();
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            checkValid();
            attributes.remove(name);
        }

        @Override
        public void invalidate() {
            checkValid();
            valid = false;
            unexpected.add("HttpSession.invalidate");
        }

        @Override
        public boolean isNew() {
            return false;
        }

        private void checkValid() {
            if (!valid) {
                throw new IllegalStateException("invalidated");
            }
        }
    }

    /** A {@code GET} request to a servlet mapped by its exact path, with a session; attributes in a map. */
    final class Request extends HttpServletRequestWrapper {
        private final String method;
        private final String path;
        private final Session session;
        private final Map<String, Object> attributes = new HashMap<>();

        private Request(String method, String path, Session session) {
            super(unexpectedOnly(HttpServletRequest.class, "HttpServletRequest"));
            this.method = method;
            this.path = path;
            this.session = session;
        }

        /** Ready for the next request, as a container reuses its request objects. */
        void reset() {
            attributes.clear();
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getRequestURI() {
            return contextPath + path;
        }

        @Override
        public String getContextPath() {
            return contextPath;
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public String getHeader(String name) {
            return null;
        }

        @Override
        public String getScheme() {
            return "https";
        }

        @Override
        public boolean isSecure() {
            return true;
        }

        @Override
        public String getServerName() {
            return "app.example.com";
        }

        @Override
        public int getServerPort() {
            return 443;
        }

        @Override
        public HttpSession getSession(boolean create) {
            return session;
        }

        @Override
        public HttpSession getSession() {
            return session;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public java.security.Principal getUserPrincipal() {
            return null;
        }
    }

    /** A response nothing is written to on the hot path: a call to anything but the status is unexpected. */
    final class Response extends HttpServletResponseWrapper {
        private int status = 200;

        private Response() {
            super(unexpectedOnly(HttpServletResponse.class, "HttpServletResponse"));
        }

        int status() {
            return status;
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            unexpected.add("HttpServletResponse.setStatus");
        }

        @Override
        public int getStatus() {
            return status;
        }
    }
}
