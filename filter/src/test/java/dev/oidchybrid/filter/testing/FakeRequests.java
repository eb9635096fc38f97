package dev.oidchybrid.filter.testing;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Minimal {@link HttpServletRequest}s for pure tests of request classification and URL building. */
public final class FakeRequests {

    private FakeRequests() {
    }

    /** A servlet context that knows only its context path. */
    public static jakarta.servlet.ServletContext servletContext(String contextPath) {
        return (jakarta.servlet.ServletContext) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.ServletContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getContextPath")) {
                        return contextPath;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A response that records the cookies added to it. */
    public static HttpServletResponse response(List<Cookie> added) {
        return (HttpServletResponse) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    if (m.getName().equals("addCookie")) {
                        added.add((Cookie) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /**
     * @param method  the HTTP method
     * @param headers header name (lower case) to value
     * @param props   other answers: scheme, serverName, serverPort, contextPath, requestURI, queryString, secure, cookies
     */
    public static HttpServletRequest request(String method, Map<String, String> headers, Map<String, Object> props) {
        Map<String, String> lowerHeaders = new HashMap<>();
        headers.forEach((k, v) -> lowerHeaders.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return (HttpServletRequest) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> lowerHeaders.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                    case "getScheme" -> props.getOrDefault("scheme", "https");
                    case "getServerName" -> props.getOrDefault("serverName", "app.example.com");
                    case "getServerPort" -> props.getOrDefault("serverPort", 443);
                    case "getContextPath" -> props.getOrDefault("contextPath", "");
                    case "getRequestURI" -> props.getOrDefault("requestURI", "/");
                    case "getQueryString" -> props.get("queryString");
                    case "isSecure" -> props.getOrDefault("secure", Boolean.TRUE);
                    case "getCookies" -> props.get("cookies");
                    case "getServletContext" -> servletContext((String) props.getOrDefault("contextPath", ""));
                    case "toString" -> "FakeRequest";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
