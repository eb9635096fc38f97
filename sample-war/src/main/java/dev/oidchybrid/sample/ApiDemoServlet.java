package dev.oidchybrid.sample;

import dev.oidchybrid.filter.client.BearerTokenClientFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api-demo}: calls the sample's own bearer-protected API ({@code /api/appointments}) with the
 * logged-in user's access token, through {@link BearerTokenClientFilter}, and shows the answer. This is how an
 * application calls its APIs: register the filter on the client, nothing else; it attaches the token only to
 * destinations the filter allows ({@code api-origins}, the provider's UserInfo, the application itself).
 */
public class ApiDemoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient Client client;

    @Override
    public void init() {
        client = ClientBuilder.newBuilder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                .register(new BearerTokenClientFilter())
                .build();
    }

    @Override
    public void destroy() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * Where the sample's own API is: under the configured base URL ({@code OIDC_BASE_URL} or {@code oidc.base-url},
     * as the filter reads it), else this server's own socket. Never the request's Host header, which the client
     * chooses: a {@code Host: attacker.example} would otherwise send the user's token there.
     */
    static String apiBase(HttpServletRequest request) {
        String configured = System.getenv("OIDC_BASE_URL");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("oidc.base-url");
        }
        if (configured != null && !configured.isBlank()) {
            String base = configured.trim();
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }
        String address = request.getLocalAddr();
        String host = address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
        return request.getScheme() + "://" + host + ":" + request.getLocalPort() + request.getContextPath();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String api = apiBase(request) + "/api/appointments";
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        try (Response answer = client.target(api).request("application/json").get()) {
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            response.getWriter().write("GET " + api + " with the session's access token\nHTTP "
                    + answer.getStatus() + "\n" + body + "\n");
        } catch (ProcessingException e) {
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            response.getWriter().write("the API could not be reached: " + e.getClass().getSimpleName() + "\n");
        }
    }
}
