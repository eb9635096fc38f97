package dev.oidchybrid.testkit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * {@code GET|POST /userinfo}: the UserInfo endpoint (OpenID Connect Core 1.0, 5.3) protected by a bearer access
 * token in the Authorization header (RFC 6750, 2.1).
 *
 * <p>The token must be one of this provider's access tokens ({@code typ: at+jwt}, its signature, its issuer),
 * unexpired by the provider clock, and not revoked; otherwise 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"} (RFC 6750, 3.1). Without a token the 401 carries no error code, as RFC 6750 3.1 asks.
 * A token without the {@code openid} scope gets 403 {@code insufficient_scope}. The answer is {@code sub} plus the
 * claims released by the token's scope.
 *
 * <p>DPoP (RFC 9449, 7): a token bound to a key ({@code cnf.jkt}) must come as {@code Authorization: DPoP <token>}
 * with a proof for this request ({@code htm} GET or POST, {@code htu} this endpoint, {@code ath} the token's hash,
 * made with the bound key); as {@code Bearer} it is refused, and so is an unbound token sent with the DPoP scheme.
 * Failures are 401 with {@code WWW-Authenticate: DPoP error="invalid_token"} or {@code "invalid_dpop_proof"}, or
 * {@code "use_dpop_nonce"} and a {@code DPoP-Nonce} header when nonces are required (RFC 9449, 9).
 */
final class UserInfoEndpoint implements Endpoint {

    private static final String REALM = "realm=\"dev-openid-provider\"";

    private final String issuer;
    private final Clock clock;
    private final SigningKeyStore keys;
    private final GrantStore grants;
    private final UserDirectory users;
    private final ProviderCounters counters;
    private final DpopProofVerifier dpop;

    UserInfoEndpoint(String issuer, Clock clock, SigningKeyStore keys, GrantStore grants, UserDirectory users,
            ProviderCounters counters, DpopProofVerifier dpop) {
        this.dpop = dpop;
        this.issuer = issuer;
        this.clock = clock;
        this.keys = keys;
        this.grants = grants;
        this.users = users;
        this.counters = counters;
    }

    @Override
    public Response handle(Request request) {
        counters.countUserinfo();
        if (!request.isGet() && !request.isPost()) {
            return Response.json(405, Map.of("error", "invalid_request")).withHeader("Allow", "GET, POST");
        }
        String authorization = request.header("authorization");
        boolean dpopScheme = authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5);
        if (authorization == null || !(dpopScheme || authorization.regionMatches(true, 0, "Bearer ", 0, 7))) {
            return new Response(401, List.of(), new byte[0]).withHeader("WWW-Authenticate", "Bearer " + REALM);
        }
        String token = authorization.substring(dpopScheme ? 5 : 7).trim();
        JwtClaims claims;
        DemoUser user;
        try {
            SigningKeyStore.Verified verified = keys.verify(token);
            claims = verified.claims();
            if (!TokenIssuer.ACCESS_TOKEN_TYPE.equals(verified.type())) {
                return invalidToken("not an access token");
            }
            if (!issuer.equals(claims.getIssuer())) {
                return invalidToken("wrong issuer");
            }
            if (claims.getExpirationTime() == null
                    || claims.getExpirationTime().getValue() <= clock.instant().getEpochSecond()) {
                return invalidToken("the access token expired");
            }
            if (claims.getJwtId() == null || !grants.isAccessTokenActive(claims.getJwtId())) {
                return invalidToken("the access token was revoked");
            }
            user = users.bySubject(claims.getSubject());
            if (user == null) {
                return invalidToken("unknown subject");
            }
            Response unbound = checkBinding(request, token, claims, dpopScheme);
            if (unbound != null) {
                return unbound;
            }
        } catch (InvalidJwtException | MalformedClaimException e) {
            return invalidToken("the access token is malformed or its signature is invalid");
        }
        List<String> scope = AuthorizationRequestParser.parseScope(claims.getClaimValueAsString("scope"));
        if (scope == null || !scope.contains("openid")) {
            return new Response(403, List.of(), new byte[0]).withHeader("WWW-Authenticate",
                    "Bearer " + REALM + ", error=\"insufficient_scope\", scope=\"openid\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", user.subject());
        body.putAll(ClaimRelease.release(user, scope));
        Response ok = Response.json(200, body).withHeader("Cache-Control", "no-store");
        return dpopScheme && dpop.nonceRequired() ? ok.withHeader("DPoP-Nonce", dpop.currentNonce()) : ok;
    }

    /** Null when the token is presented as its binding asks, else the 401 to answer. */
    private Response checkBinding(Request request, String token, JwtClaims claims, boolean dpopScheme)
            throws MalformedClaimException {
        Object cnf = claims.getClaimValue("cnf");
        Object jkt = cnf instanceof Map<?, ?> members ? members.get("jkt") : null;
        if (jkt == null) {
            return dpopScheme ? dpopError("invalid_token", "the access token is not DPoP-bound", null) : null;
        }
        if (!dpopScheme) {
            return dpopError("invalid_token", "a DPoP-bound access token must be presented with the DPoP scheme", null);
        }
        List<String> proofs = request.headers().getOrDefault("dpop", List.of());
        if (proofs.isEmpty()) {
            return dpopError("invalid_dpop_proof", "a DPoP proof is required", null);
        }
        DpopProofVerifier.Outcome proof = dpop.verify(proofs, request.method(), issuer + "/userinfo", token);
        if (proof instanceof DpopProofVerifier.NonceNeeded needed) {
            return dpopError("use_dpop_nonce", "the DPoP proof must carry the server nonce", needed.nonce());
        }
        if (proof instanceof DpopProofVerifier.Invalid invalid) {
            return dpopError("invalid_dpop_proof", invalid.reason(), null);
        }
        if (!jkt.equals(((DpopProofVerifier.Proven) proof).jkt())) {
            return dpopError("invalid_dpop_proof", "the DPoP proof key is not the one the token is bound to", null);
        }
        return null;
    }

    private Response dpopError(String error, String description, String nonce) {
        Response response = new Response(401, List.of(), new byte[0]).withHeader("WWW-Authenticate",
                "DPoP algs=\"" + String.join(" ", DpopProofVerifier.ALGORITHMS) + "\", error=\"" + error
                        + "\", error_description=\"" + description + "\"");
        String next = nonce != null ? nonce : dpop.nonceRequired() ? dpop.currentNonce() : null;
        return next == null ? response : response.withHeader("DPoP-Nonce", next);
    }

    private static Response invalidToken(String description) {
        return new Response(401, List.of(), new byte[0]).withHeader("WWW-Authenticate",
                "Bearer " + REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"");
    }
}
