package dev.oidchybrid.testkit;

import dev.oidchybrid.testkit.AuthorizationRequestParser.ErrorRedirect;
import dev.oidchybrid.testkit.AuthorizationRequestParser.Outcome;
import dev.oidchybrid.testkit.AuthorizationRequestParser.Rejected;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /par}: the pushed authorization request endpoint (RFC 9126, 2). The client authenticates as at the
 * token endpoint ({@link ClientAuthenticator}; an assertion may also name this endpoint's URL as its audience),
 * and the parameters are validated as the authorization endpoint validates them ({@link AuthorizationRequestParser});
 * a problem is 400 with the error the authorization endpoint would have redirected (RFC 9126, 2.3). A
 * {@code request_uri} among them is {@code invalid_request}; a {@code client_id} must be the authenticated client's.
 * A {@code request} (RFC 9126, 3) is verified by {@link RequestObjectVerifier} as the authenticated client's
 * request object ({@code invalid_request_object} when it fails), and only its parameters are used.
 * Success is 201 {@code {"request_uri": "urn:ietf:params:oauth:request_uri:...", "expires_in": ...}}.
 *
 * <p>Faults: {@link ProviderFaults#parEndpointDelay} and {@link ProviderFaults#parEndpointError} apply before
 * anything else. Every answer carries {@code Cache-Control: no-store}.
 */
final class ParEndpoint implements Endpoint {

    /** Client authentication parameters: not part of the authorization request. */
    private static final Set<String> AUTHENTICATION_PARAMS =
            Set.of("client_secret", "client_assertion", "client_assertion_type");

    private final String endpointUrl;
    private final ProviderCounters counters;
    private final ProviderFaults faults;
    private final ClientAuthenticator authenticator;
    private final AuthorizationRequestParser parser;
    private final PushedRequestStore pushed;
    private final Duration lifetime;
    private final RequestObjectVerifier requestObjects;

    ParEndpoint(String issuer, ProviderCounters counters, ProviderFaults faults, ClientAuthenticator authenticator,
            AuthorizationRequestParser parser, PushedRequestStore pushed, Duration lifetime,
            RequestObjectVerifier requestObjects) {
        this.requestObjects = requestObjects;
        this.endpointUrl = issuer + "/par";
        this.counters = counters;
        this.faults = faults;
        this.authenticator = authenticator;
        this.parser = parser;
        this.pushed = pushed;
        this.lifetime = lifetime;
    }

    @Override
    public Response handle(Request request) throws InterruptedException {
        counters.countPar();
        Duration delay = faults.parEndpointDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        ProviderFaults.TokenEndpointError injected = faults.parEndpointError();
        if (injected != null) {
            return TokenEndpoint.noStore(Response.json(injected.status(), Map.of("error", injected.errorCode())));
        }
        if (!request.isPost()) {
            return TokenEndpoint.error(405, "invalid_request", "the PAR endpoint accepts POST only")
                    .withHeader("Allow", "POST");
        }
        if (!"application/x-www-form-urlencoded".equals(request.mediaType())) {
            return TokenEndpoint.error(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        List<String> repeated = request.form().repeatedNames();
        if (!repeated.isEmpty()) {
            return TokenEndpoint.error(400, "invalid_request", "repeated parameters: " + repeated);
        }
        ClientAuthenticator.Result result = authenticator.authenticate(request, endpointUrl);
        if (result instanceof ClientAuthenticator.Failed failed) {
            return failed.response();
        }
        ClientRegistration client = ((ClientAuthenticator.Authenticated) result).client();
        Params params = request.form().without(AUTHENTICATION_PARAMS);
        if (params.has("request_uri")) {
            return TokenEndpoint.error(400, "invalid_request", "request_uri must not be pushed (RFC 9126, 2.1)");
        }
        if (params.has("client_id") && !client.clientId().equals(params.get("client_id"))) {
            return TokenEndpoint.error(400, "invalid_request", "client_id is not the authenticated client");
        }
        boolean signed = params.has("request");
        if (signed) {
            RequestObjectVerifier.Outcome verified = requestObjects.verify(params.get("request"), client.clientId());
            if (verified instanceof RequestObjectVerifier.Refused refused) {
                return TokenEndpoint.error(400, "invalid_request_object", refused.reason());
            }
            params = ((RequestObjectVerifier.Verified) verified).params();
        } else {
            params = params.with("client_id", client.clientId());
        }
        Outcome outcome = parser.parse(params, true, signed);
        if (outcome instanceof Rejected rejected) {
            return TokenEndpoint.error(400, "invalid_request", rejected.message());
        }
        if (outcome instanceof ErrorRedirect error) {
            Map<String, String> response = error.response().params();
            return TokenEndpoint.error(400, response.get("error"), response.get("error_description"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_uri", pushed.push(client.clientId(), params, lifetime, signed));
        body.put("expires_in", lifetime.toSeconds());
        return TokenEndpoint.noStore(Response.json(201, body));
    }
}
