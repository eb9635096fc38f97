package dev.oidchybrid.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates an authentication request (OpenID Connect Core 1.0, 3.1.2.1-3.1.2.2; RFC 6749, 4.1.1 and 4.1.2.1).
 * Pure: parameters in, an {@link Outcome} out.
 *
 * <p>Order matters, as RFC 6749 4.1.2.1 demands: a missing or unknown {@code client_id}, or a
 * {@code redirect_uri} that is missing or not registered, is {@link Rejected} (shown to the user, never
 * redirected, so the provider is not an open redirector). Every later problem goes back to the client as an
 * {@link ErrorRedirect} in the requested response mode, with {@code state} and {@code iss}.
 *
 * <p>Strict on purpose: {@code nonce} is required when an ID token is returned from the authorization endpoint
 * (Core 3.3.2.11); PKCE with S256 is required for every request (RFC 9700, 2.1.1); {@code response_mode=query}
 * is refused for response types that return tokens (Multiple Response Types, 2.1); repeated parameters are
 * refused (RFC 6749, 3.1).
 */
final class AuthorizationRequestParser {

    /** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) (RFC 6749, 3.3). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    /** What to do with a request. */
    sealed interface Outcome permits Rejected, ErrorRedirect, Accepted {
    }

    /** The request cannot be answered to a client: show {@code message} on a 400 page. */
    record Rejected(String message) implements Outcome {
    }

    /** The request is invalid: send this error response to the client. */
    record ErrorRedirect(AuthorizationResponse response) implements Outcome {
    }

    /** The request is valid. */
    record Accepted(AuthorizationRequest request) implements Outcome {
    }

    private final Map<String, ClientRegistration> clients;
    private final String issuer;
    private final boolean parRequired;
    private final boolean signedRequired;

    AuthorizationRequestParser(Map<String, ClientRegistration> clients, String issuer) {
        this(clients, issuer, false);
    }

    AuthorizationRequestParser(Map<String, ClientRegistration> clients, String issuer, boolean parRequired) {
        this(clients, issuer, parRequired, false);
    }

    /**
     * @param parRequired whether every request must have been pushed (RFC 9126, 5:
     *                    {@code require_pushed_authorization_requests})
     * @param signedRequired whether every request of every client must be a signed request object (RFC 9101,
     *                    10.5: {@code require_signed_request_object}); a client may require it on its own
     */
    AuthorizationRequestParser(Map<String, ClientRegistration> clients, String issuer, boolean parRequired,
            boolean signedRequired) {
        this.clients = Map.copyOf(clients);
        this.issuer = issuer;
        this.parRequired = parRequired;
        this.signedRequired = signedRequired;
    }

    /** Validates a request that was not pushed. */
    Outcome parse(Params params) {
        return parse(params, false);
    }

    /**
     * Validates a request.
     *
     * @param pushed whether the parameters come from a pushed authorization request (RFC 9126)
     */
    Outcome parse(Params params, boolean pushed) {
        return parse(params, pushed, false);
    }

    /**
     * Validates a request.
     *
     * @param pushed whether the parameters come from a pushed authorization request (RFC 9126)
     * @param signed whether they come from a verified request object ({@link RequestObjectVerifier})
     */
    Outcome parse(Params params, boolean pushed, boolean signed) {
        List<String> repeated = params.repeatedNames();
        if (repeated.contains("client_id") || repeated.contains("redirect_uri")) {
            return new Rejected("The request repeats client_id or redirect_uri.");
        }
        String clientId = params.get("client_id");
        if (clientId == null) {
            return new Rejected("The request has no client_id.");
        }
        ClientRegistration client = clients.get(clientId);
        if (client == null) {
            return new Rejected("Unknown client_id: " + clientId);
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null) {
            return new Rejected("The request has no redirect_uri.");
        }
        if (!client.allowsRedirectUri(redirectUri)) {
            return new Rejected("The redirect_uri is not registered for client " + clientId + ": " + redirectUri);
        }

        String state = params.get("state");
        ResponseType responseType = ResponseType.parse(params.get("response_type"));
        ResponseMode defaultMode = responseType == null ? ResponseMode.QUERY : responseType.defaultMode();
        String modeParam = params.get("response_mode");
        ResponseMode mode = modeParam == null ? defaultMode : ResponseMode.parse(modeParam);
        if (mode == null) {
            return error(redirectUri, defaultMode, state, "invalid_request", "unsupported response_mode: " + modeParam);
        }
        if (responseType != null && mode == ResponseMode.QUERY && responseType != ResponseType.CODE) {
            return error(redirectUri, ResponseMode.FRAGMENT, state, "invalid_request",
                    "response_mode=query must not be used with response_type " + responseType.value());
        }
        if (!repeated.isEmpty()) {
            return error(redirectUri, mode, state, "invalid_request", "repeated parameters: " + repeated);
        }
        if (parRequired && !pushed) {
            return error(redirectUri, mode, state, "invalid_request",
                    "this provider requires pushed authorization requests (RFC 9126, 5)");
        }
        if (!signed && (signedRequired || client.requireSignedRequestObject())) {
            return error(redirectUri, mode, state, "invalid_request",
                    "this client must send a signed request object (RFC 9101, require_signed_request_object)");
        }
        if (!params.has("response_type")) {
            return error(redirectUri, mode, state, "invalid_request", "response_type is required");
        }
        if (responseType == null) {
            return error(redirectUri, mode, state, "unsupported_response_type",
                    "unsupported response_type: " + params.get("response_type"));
        }
        if (params.has("request")) {
            return error(redirectUri, mode, state, "request_not_supported", "request objects are not supported");
        }
        if (params.has("request_uri")) {
            return error(redirectUri, mode, state, "request_uri_not_supported", "request_uri is not supported");
        }

        List<String> scope = parseScope(params.get("scope"));
        if (scope == null) {
            return error(redirectUri, mode, state, "invalid_scope", "malformed scope");
        }
        if (!scope.contains("openid")) {
            return error(redirectUri, mode, state, "invalid_scope", "scope must contain openid");
        }
        String nonce = params.get("nonce");
        if (nonce == null && responseType.includesIdToken()) {
            return error(redirectUri, mode, state, "invalid_request",
                    "nonce is required for response_type " + responseType.value());
        }
        String challenge = params.get("code_challenge");
        if (challenge == null) {
            return error(redirectUri, mode, state, "invalid_request", "code_challenge is required (PKCE)");
        }
        if (!Pkce.S256.equals(params.get("code_challenge_method"))) {
            return error(redirectUri, mode, state, "invalid_request", "code_challenge_method must be S256");
        }
        if (!Pkce.isValidS256Challenge(challenge)) {
            return error(redirectUri, mode, state, "invalid_request", "malformed code_challenge");
        }
        Set<String> prompt = parsePrompt(params.get("prompt"));
        if (prompt == null) {
            return error(redirectUri, mode, state, "invalid_request", "invalid prompt: " + params.get("prompt"));
        }
        Long maxAge = null;
        if (params.has("max_age")) {
            maxAge = parseMaxAge(params.get("max_age"));
            if (maxAge == null) {
                return error(redirectUri, mode, state, "invalid_request", "max_age must be a non-negative integer");
            }
        }
        return new Accepted(new AuthorizationRequest(client, redirectUri, responseType, mode, scope, state, nonce,
                challenge, prompt, maxAge, params.get("audience"), params.get("login_hint"),
                params.get("acr_values") == null ? List.of()
                        : List.of(params.get("acr_values").trim().split(" +"))));
    }

    private ErrorRedirect error(String redirectUri, ResponseMode mode, String state, String error, String description) {
        return new ErrorRedirect(AuthorizationResponse.error(redirectUri, mode, error, description, state, issuer));
    }

    /** The scope values in order without duplicates, an empty list when absent, or null when malformed. */
    static List<String> parseScope(String scope) {
        if (scope == null) {
            return List.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String value : scope.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(value).matches()) {
                return null;
            }
            values.add(value);
        }
        return new ArrayList<>(values);
    }

    private static Set<String> parsePrompt(String prompt) {
        if (prompt == null) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>(List.of(prompt.split(" ", -1)));
        if (!PROMPTS.containsAll(values) || (values.contains("none") && values.size() > 1)) {
            return null;
        }
        return values;
    }

    private static Long parseMaxAge(String text) {
        if (!text.matches("[0-9]{1,10}")) {
            return null;
        }
        return Long.valueOf(text);
    }
}
