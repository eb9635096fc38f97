package dev.oidchybrid.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authenticates the client at the token endpoint (and the pushed authorization request endpoint) with
 * {@code client_secret_basic} or {@code client_secret_post} (RFC 6749, 2.3.1; OpenID Connect Core 1.0, 9), or a
 * JWT assertion ({@code client_secret_jwt}, {@code private_key_jwt}: RFC 7523, checked by
 * {@link ClientAssertionVerifier}); a client may use only the methods it is
 * {@linkplain ClientRegistration#authMethods() registered} for.
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
    private final ClientAssertionVerifier assertions;

    ClientAuthenticator(Map<String, ClientRegistration> clients, ClientAssertionVerifier assertions) {
        this.clients = Map.copyOf(clients);
        this.assertions = assertions;
    }

    /**
     * Authenticates the client of a request to {@code endpointUrl} (an assertion may name that URL as its
     * audience).
     */
    Result authenticate(Request request, String endpointUrl) {
        Params form = request.form();
        String authorization = request.header("authorization");
        String postedSecret = form.get("client_secret");
        boolean assertion = form.has("client_assertion") || form.has("client_assertion_type");
        if ((authorization != null ? 1 : 0) + (postedSecret != null ? 1 : 0) + (assertion ? 1 : 0) > 1) {
            return new Failed(TokenEndpoint.error(400, "invalid_request",
                    "use exactly one client authentication method"));
        }
        if (assertion) {
            ClientAssertionVerifier.Outcome outcome = assertions.verify(form.get("client_assertion_type"),
                    form.get("client_assertion"), form.get("client_id"), endpointUrl);
            return outcome instanceof ClientAssertionVerifier.Verified verified
                    ? new Authenticated(verified.client())
                    : invalidClient(((ClientAssertionVerifier.Refused) outcome).reason());
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
            return check(credentials[0], credentials[1], ClientRegistration.CLIENT_SECRET_BASIC);
        }
        if (postedSecret != null) {
            String clientId = form.get("client_id");
            return clientId == null ? invalidClient("client_id is required with client_secret")
                    : check(clientId, postedSecret, ClientRegistration.CLIENT_SECRET_POST);
        }
        return invalidClient("client authentication is required");
    }

    private Result check(String clientId, String secret, String method) {
        ClientRegistration client = clients.get(clientId);
        if (client == null || !Secrets.constantTimeEquals(client.clientSecret(), secret)) {
            return invalidClient("client authentication failed");
        }
        if (!client.accepts(method)) {
            return invalidClient("the client is not registered for " + method);
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
