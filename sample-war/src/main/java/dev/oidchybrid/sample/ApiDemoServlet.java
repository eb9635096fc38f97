package dev.oidchybrid.sample;

import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api-demo}: calls a protected API with the session's access token and shows the answer as
 * {@code text/plain}. The API is, for now, the provider's UserInfo endpoint (OpenID Connect Core 1.0 §5.3),
 * found through the issuer's discovery document (OpenID Connect Discovery 1.0 §4) and called with
 * {@code Authorization: Bearer <access token>} (RFC 6750 §2.1).
 *
 * <p>The issuer is read like the filter reads it, without the web.xml step: environment variable
 * {@code OIDC_ISSUER}, else system property {@code oidc.issuer}. The servlet answers 200 with the API's status
 * and body whatever that status is, and 502 when the provider cannot be reached or its metadata is unusable.
 */
public class ApiDemoServlet extends HttpServlet {

    /** The answer when the token endpoint issued no access token for this session. */
    public static final String NO_ACCESS_TOKEN = "no access token in this session";

    private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private transient Client client;
    private transient Jsonb jsonb;
    /** The UserInfo endpoint found for an issuer, kept until the issuer changes. */
    private final transient AtomicReference<Endpoint> userinfo = new AtomicReference<>();

    private record Endpoint(String issuer, URI uri) {
    }

    @Override
    public void init() {
        client = ClientBuilder.newBuilder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                .build();
        jsonb = JsonbBuilder.create();
    }

    @Override
    public void destroy() {
        if (client != null) {
            client.close();
        }
        if (jsonb != null) {
            try {
                jsonb.close();
            } catch (Exception e) {
                log("could not close JSON-B", e);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();

        Object accessToken = request.getAttribute(OidcAttributes.ACCESS_TOKEN);
        if (!(accessToken instanceof String token) || token.isBlank()) {
            out.println(NO_ACCESS_TOKEN);
            return;
        }

        URI endpoint;
        try {
            endpoint = userinfoEndpoint();
        } catch (ProcessingException | WebApplicationException | JsonbException | IllegalStateException e) {
            log("api-demo: no usable UserInfo endpoint", e);
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            out.println("could not find the provider's UserInfo endpoint: " + e.getMessage());
            return;
        }

        try (Response answer = client.target(endpoint)
                .request(MediaType.APPLICATION_JSON_TYPE, MediaType.valueOf("application/jwt"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .get()) {
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            out.println("GET " + endpoint);
            out.println("Authorization: Bearer " + abbreviate(token));
            out.println();
            out.println("HTTP " + answer.getStatus() + " " + answer.getStatusInfo().getReasonPhrase());
            if (answer.getMediaType() != null) {
                out.println("Content-Type: " + answer.getMediaType());
            }
            out.println();
            out.println(body);
        } catch (ProcessingException e) {
            log("api-demo: UserInfo call failed", e);
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            out.println("could not call " + endpoint + ": " + e.getMessage());
        }
    }

    /** Finds (once per issuer) the UserInfo endpoint in the issuer's discovery document. */
    private URI userinfoEndpoint() {
        String issuer = configuredIssuer();
        Endpoint known = userinfo.get();
        if (known != null && known.issuer().equals(issuer)) {
            return known.uri();
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String document = client.target(base + DISCOVERY_PATH)
                .request(MediaType.APPLICATION_JSON_TYPE)
                .get(String.class);
        Map<?, ?> metadata = jsonb.fromJson(document, Map.class);
        if (!issuer.equals(metadata.get("issuer"))) {
            throw new IllegalStateException("the discovery document names issuer " + metadata.get("issuer")
                    + ", not " + issuer);
        }
        if (!(metadata.get("userinfo_endpoint") instanceof String uri) || uri.isBlank()) {
            throw new IllegalStateException("the provider publishes no userinfo_endpoint");
        }
        Endpoint found = new Endpoint(issuer, URI.create(uri));
        userinfo.set(found);
        return found.uri();
    }

    /** The issuer: environment variable {@code OIDC_ISSUER}, else system property {@code oidc.issuer}. */
    private static String configuredIssuer() {
        String issuer = System.getenv("OIDC_ISSUER");
        if (issuer == null || issuer.isBlank()) {
            issuer = System.getProperty("oidc.issuer");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("no issuer configured (OIDC_ISSUER or -Doidc.issuer)");
        }
        return issuer.trim();
    }

    /** Enough of a token to recognise it, not enough to use it. */
    private static String abbreviate(String token) {
        return token.length() <= 12 ? "…" : token.substring(0, 8) + "…";
    }
}
