package dev.oidchybrid.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authenticates the client at the token endpoint with {@code client_secret_basic} or {@code client_secret_post}
 * (RFC 6749, 2.3.1; OpenID Connect Core 1.0, 9).
 *
 * <p>For HTTP Basic the client id and secret are form-urlencoded before being joined with {@code :} and
 * base64-encoded, and are decoded accordingly. Using both methods at once is {@code invalid_request} (RFC 6749,
 * 2.3); any failure is 401 {@code invalid_client} with {@code WWW-Authenticate: Basic} (RFC 6749, 5.2). Secrets
 * are compared in constant time.
 */
final class ClientAuthenticator {

    static final String WWW_AUTHENTICATE = "Basic realm=\"dev-openid-provider\", charset=\"UTF-8\"";

    /** The outcome of authentication. */
    sealed interface Result permits Authenticated, Failed {
    }

    /** The client is who it says. */
    record Authenticated(ClientRegistration client) implements Result {
    }

    /** Authentication failed: answer with {@code response}. */
    record Failed(Response response) implements Result {
    }

    private final Map<String, ClientRegistration> clients;

    ClientAuthenticator(Map<String, ClientRegistration> clients) {
        this.clients = Map.copyOf(clients);
    }

    Result authenticate(Request request) {
        Params form = request.form();
        String authorization = request.header("authorization");
        String postedSecret = form.get("client_secret");
        if (authorization != null && postedSecret != null) {
            return new Failed(TokenEndpoint.error(400, "invalid_request",
                    "use exactly one client authentication method"));
        }
        if (authorization != null) {
            String[] credentials = decodeBasic(authorization);
            if (credentials == null) {
                return invalidClient("malformed HTTP Basic credentials");
            }
            String formClientId = form.get("client_id");
            if (formClientId != null && !formClientId.equals(credentials[0])) {
                return invalidClient("client_id in the body differs from the HTTP Basic user");
            }
            return check(credentials[0], credentials[1]);
        }
        if (postedSecret != null) {
            String clientId = form.get("client_id");
            return clientId == null ? invalidClient("client_id is required with client_secret") : check(clientId, postedSecret);
        }
        return invalidClient("client authentication is required");
    }

    private Result check(String clientId, String secret) {
        ClientRegistration client = clients.get(clientId);
        if (client == null || !Secrets.constantTimeEquals(client.clientSecret(), secret)) {
            return invalidClient("client authentication failed");
        }
        return new Authenticated(client);
    }

    private static Failed invalidClient(String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_client");
        body.put("error_description", description);
        return new Failed(TokenEndpoint.noStore(Response.json(401, body)).withHeader("WWW-Authenticate", WWW_AUTHENTICATE));
    }

    /** {id, secret} from {@code Basic base64(urlencode(id):urlencode(secret))}, or null when malformed. */
    private static String[] decodeBasic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
