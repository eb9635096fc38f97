package dev.oidchybrid.testkit;

import dev.oidchybrid.testkit.ClientAuthenticator.Authenticated;
import dev.oidchybrid.testkit.ClientAuthenticator.Failed;
import dev.oidchybrid.testkit.GrantStore.Redemption;
import dev.oidchybrid.testkit.GrantStore.RefreshState;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /token}: the token endpoint (RFC 6749, 3.2 and 5; OpenID Connect Core 1.0, 3.1.3 and 12).
 *
 * <p>{@code authorization_code}: the code must be known, unspent, unexpired, issued to the authenticated client,
 * presented with the same {@code redirect_uri} and a {@code code_verifier} whose S256 hash is the challenge
 * (RFC 7636, 4.6); otherwise {@code invalid_grant}. A code's first presentation spends it; a second one revokes
 * every token issued from it (RFC 6749, 10.5). A refresh token is returned only when the scope holds
 * {@code offline_access}.
 *
 * <p>{@code refresh_token}: the token must be the current one of its family and belong to the client; it is
 * rotated (RFC 9700, 4.14.2) and presenting a rotated one revokes the whole family. An optional {@code scope}
 * must be a subset of the original (RFC 6749, 6). The new ID token has no nonce and the original auth_time
 * (Core 12.2).
 *
 * <p>DPoP (RFC 9449, 5): a request with a {@code DPoP} header must carry a valid proof for {@code POST} to this
 * endpoint ({@link DpopProofVerifier}; checked before anything else is spent, so a client can retry with a nonce),
 * else 400 {@code invalid_dpop_proof}, or {@code use_dpop_nonce} with a {@code DPoP-Nonce} header when nonces are
 * required. The answer is then {@code token_type: DPoP} with an access token bound by {@code cnf.jkt}, and the
 * refresh token family is bound to the key too (stricter than RFC 9449 asks of confidential clients): refreshing it
 * needs a proof with the same key.
 *
 * <p>Faults: {@link ProviderFaults#tokenEndpointDelay}, {@link ProviderFaults#tokenEndpointError} and
 * {@link ProviderFaults#tokenEndpointUnavailable} apply before anything else. Every answer carries {@code Cache-Control: no-store}.
 */
final class TokenEndpoint implements Endpoint {

    private final String tokenEndpointUrl;
    private final Clock clock;
    private final ProviderCounters counters;
    private final ProviderFaults faults;
    private final ClientAuthenticator authenticator;
    private final GrantStore grants;
    private final TokenIssuer tokens;
    private final DpopProofVerifier dpop;

    TokenEndpoint(String issuer, Clock clock, ProviderCounters counters, ProviderFaults faults,
            ClientAuthenticator authenticator, GrantStore grants, TokenIssuer tokens, DpopProofVerifier dpop) {
        this.dpop = dpop;
        this.tokenEndpointUrl = issuer + "/token";
        this.clock = clock;
        this.counters = counters;
        this.faults = faults;
        this.authenticator = authenticator;
        this.grants = grants;
        this.tokens = tokens;
    }

    @Override
    public Response handle(Request request) throws InterruptedException {
        counters.countToken();
        Duration delay = faults.tokenEndpointDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        ProviderFaults.TokenEndpointError injected = faults.tokenEndpointError();
        if (injected != null) {
            return noStore(Response.json(injected.status(), Map.of("error", injected.errorCode())));
        }
        if (faults.tokenEndpointUnavailable()) {
            return noStore(Response.json(503, Map.of("error", "temporarily_unavailable"))).withHeader("Retry-After", "1");
        }
        if (!request.isPost()) {
            return error(405, "invalid_request", "the token endpoint accepts POST only").withHeader("Allow", "POST");
        }
        if (!"application/x-www-form-urlencoded".equals(request.mediaType())) {
            return error(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        List<String> repeated = request.form().repeatedNames();
        if (!repeated.isEmpty()) {
            return error(400, "invalid_request", "repeated parameters: " + repeated);
        }
        List<String> proofs = request.headers().getOrDefault("dpop", List.of());
        String jkt = null;
        if (!proofs.isEmpty() && !faults.ignoreDpopProofs()) {
            DpopProofVerifier.Outcome proof = dpop.verify(proofs, "POST", tokenEndpointUrl, null);
            if (proof instanceof DpopProofVerifier.NonceNeeded needed) {
                return error(400, "use_dpop_nonce", "the DPoP proof must carry the server nonce (RFC 9449, 8)")
                        .withHeader("DPoP-Nonce", needed.nonce());
            }
            if (proof instanceof DpopProofVerifier.Invalid invalid) {
                return error(400, "invalid_dpop_proof", invalid.reason());
            }
            jkt = ((DpopProofVerifier.Proven) proof).jkt();
        }
        ClientAuthenticator.Result result = authenticator.authenticate(request, tokenEndpointUrl);
        if (result instanceof Failed failed) {
            return failed.response();
        }
        ClientRegistration client = ((Authenticated) result).client();
        String grantType = request.form().get("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is required");
        }
        Response response = switch (grantType) {
            case "authorization_code" -> authorizationCode(client, request.form(), jkt);
            case "refresh_token" -> refreshToken(client, request.form(), jkt);
            default -> error(400, "unsupported_grant_type", "unsupported grant_type: " + grantType);
        };
        return jkt != null && dpop.nonceRequired() ? response.withHeader("DPoP-Nonce", dpop.currentNonce()) : response;
    }

    private Response authorizationCode(ClientRegistration client, Params form, String jkt) {
        String value = form.get("code");
        if (value == null) {
            return error(400, "invalid_request", "code is required");
        }
        Redemption redemption = grants.redeemCode(value);
        switch (redemption.status()) {
            case UNKNOWN:
                return invalidGrant("unknown authorization code");
            case REPLAYED:
                return invalidGrant("authorization code already used; tokens issued from it are revoked");
            default:
                break;
        }
        AuthorizationCode code = redemption.code();
        Grant grant = code.grant();
        if (!grant.clientId().equals(client.clientId())) {
            return invalidGrant("authorization code was issued to another client");
        }
        if (clock.instant().isAfter(code.expiresAt())) {
            return invalidGrant("authorization code expired");
        }
        if (!code.redirectUri().equals(form.get("redirect_uri"))) {
            return invalidGrant("redirect_uri differs from the authorization request");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null) {
            return invalidGrant("code_verifier is required (PKCE)");
        }
        if (!Pkce.verify(verifier, code.codeChallenge())) {
            return invalidGrant("code_verifier does not match the code_challenge");
        }
        TokenIssuer.AccessToken accessToken = tokens.accessToken(grant, grant.scope(), jkt);
        String idToken = tokens.idToken(TokenStage.TOKEN_ENDPOINT, grant, grant.scope(), grant.nonce(), null,
                accessToken.value());
        String refreshToken = grant.scope().contains("offline_access") ? grants.issueRefreshToken(grant) : null;
        if (refreshToken != null && jkt != null) {
            grants.bindToDpopKey(grant.id(), jkt);
        }
        return tokenResponse(accessToken, jkt, idToken, grant.scope(), refreshToken);
    }

    private Response refreshToken(ClientRegistration client, Params form, String jkt) {
        String token = form.get("refresh_token");
        if (token == null) {
            return error(400, "invalid_request", "refresh_token is required");
        }
        RefreshState state = grants.findRefreshToken(token);
        if (state == null) {
            return invalidGrant("unknown refresh token");
        }
        Grant grant = state.grant();
        if (!grant.clientId().equals(client.clientId())) {
            return invalidGrant("refresh token was issued to another client");
        }
        if (state.revoked()) {
            return invalidGrant("refresh token revoked");
        }
        if (!state.current()) {
            grants.revoke(grant.id());
            return invalidGrant("refresh token already used; its whole family is revoked");
        }
        List<String> scope = grant.scope();
        if (form.has("scope")) {
            scope = AuthorizationRequestParser.parseScope(form.get("scope"));
            if (scope == null || !grant.scope().containsAll(scope)) {
                return error(400, "invalid_scope", "scope must be a subset of the original grant: " + grant.scopeText());
            }
        }
        String boundKey = grants.dpopKey(grant.id());
        if (boundKey != null && jkt == null) {
            return error(400, "invalid_dpop_proof", "the refresh token is DPoP-bound: a proof with its key is required");
        }
        if (boundKey != null && !boundKey.equals(jkt)) {
            return invalidGrant("the refresh token is bound to another DPoP key");
        }
        String next = grants.rotateRefreshToken(token);
        if (next == null) {
            grants.revoke(grant.id());
            return invalidGrant("refresh token already used; its whole family is revoked");
        }
        TokenIssuer.AccessToken accessToken = tokens.accessToken(grant, scope, jkt);
        String idToken = scope.contains("openid") && !faults.omitRefreshIdToken()
                ? tokens.idToken(TokenStage.REFRESH, grant, scope, null, null, accessToken.value())
                : null;
        return tokenResponse(accessToken, jkt, idToken, scope, next);
    }

    private static Response tokenResponse(TokenIssuer.AccessToken accessToken, String jkt, String idToken,
            List<String> scope, String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken.value());
        body.put("token_type", jkt != null ? "DPoP" : "Bearer");
        body.put("expires_in", accessToken.expiresIn());
        if (idToken != null) {
            body.put("id_token", idToken);
        }
        body.put("scope", String.join(" ", scope));
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return noStore(Response.json(200, body));
    }

    private static Response invalidGrant(String description) {
        return error(400, "invalid_grant", description);
    }

    /** An OAuth error response (RFC 6749, 5.2), not cached. */
    static Response error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return noStore(Response.json(status, body));
    }

    /** Adds {@code Cache-Control: no-store} and {@code Pragma: no-cache} (RFC 6749, 5.1). */
    static Response noStore(Response response) {
        return response.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }
}
