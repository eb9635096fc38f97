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
 * <p>Faults: {@link ProviderFaults#tokenEndpointDelay} and {@link ProviderFaults#tokenEndpointError} apply
 * before anything else. Every answer carries {@code Cache-Control: no-store}.
 */
final class TokenEndpoint implements Endpoint {

    private final String tokenEndpointUrl;
    private final Clock clock;
    private final ProviderCounters counters;
    private final ProviderFaults faults;
    private final ClientAuthenticator authenticator;
    private final GrantStore grants;
    private final TokenIssuer tokens;

    TokenEndpoint(String issuer, Clock clock, ProviderCounters counters, ProviderFaults faults,
            ClientAuthenticator authenticator, GrantStore grants, TokenIssuer tokens) {
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
        ClientAuthenticator.Result result = authenticator.authenticate(request, tokenEndpointUrl);
        if (result instanceof Failed failed) {
            return failed.response();
        }
        ClientRegistration client = ((Authenticated) result).client();
        String grantType = request.form().get("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is required");
        }
        return switch (grantType) {
            case "authorization_code" -> authorizationCode(client, request.form());
            case "refresh_token" -> refreshToken(client, request.form());
            default -> error(400, "unsupported_grant_type", "unsupported grant_type: " + grantType);
        };
    }

    private Response authorizationCode(ClientRegistration client, Params form) {
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
        TokenIssuer.AccessToken accessToken = tokens.accessToken(grant, grant.scope());
        String idToken = tokens.idToken(TokenStage.TOKEN_ENDPOINT, grant, grant.scope(), grant.nonce(), null,
                accessToken.value());
        String refreshToken = grant.scope().contains("offline_access") ? grants.issueRefreshToken(grant) : null;
        return tokenResponse(accessToken, idToken, grant.scope(), refreshToken);
    }

    private Response refreshToken(ClientRegistration client, Params form) {
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
        String next = grants.rotateRefreshToken(token);
        if (next == null) {
            grants.revoke(grant.id());
            return invalidGrant("refresh token already used; its whole family is revoked");
        }
        TokenIssuer.AccessToken accessToken = tokens.accessToken(grant, scope);
        String idToken = scope.contains("openid") && !faults.omitRefreshIdToken()
                ? tokens.idToken(TokenStage.REFRESH, grant, scope, null, null, accessToken.value())
                : null;
        return tokenResponse(accessToken, idToken, scope, next);
    }

    private static Response tokenResponse(TokenIssuer.AccessToken accessToken, String idToken, List<String> scope,
            String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken.value());
        body.put("token_type", "Bearer");
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
