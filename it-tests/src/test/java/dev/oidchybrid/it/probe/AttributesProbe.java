package dev.oidchybrid.it.probe;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Deployed into a copy of the sample WAR by {@code RequestAttributesIT}: {@code /probe/attrs} prints which of the
 * session's request attributes it sees, {@code /probe/fail} answers 500 by {@code sendError}, {@code /probe/throw}
 * throws, {@code /probe/async} reads them from its asynchronous context on another thread. The container's error
 * page is {@link ErrorPage}.
 */
public class AttributesProbe extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * {@code claims=<bool> idToken=<bool> accessToken=<bool>}: which attributes {@code request} carries (the names
     * of the filter's {@code OidcAttributes}; the WAR holds the filter, these tests do not compile against it).
     */
    static String seen(ServletRequest request) {
        return "claims=" + (request.getAttribute("oidc.claims") != null)
                + " idToken=" + (request.getAttribute("oidc.id_token") != null)
                + " accessToken=" + (request.getAttribute("oidc.access_token") != null);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/fail" -> response.sendError(500);
            case "/throw" -> throw new ServletException("the probe failed on purpose");
            case "/async" -> {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    try {
                        async.getResponse().setContentType("text/plain");
                        async.getResponse().getWriter().write("async " + seen(async.getRequest()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    async.complete();
                });
            }
            default -> {
                response.setContentType("text/plain");
                response.getWriter().write("probe " + seen(request));
            }
        }
    }

    /** The container's error page: what the request it dispatches carries. */
    public static class ErrorPage extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("error page " + seen(request));
        }
    }
}
