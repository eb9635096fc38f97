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
 */
final class UserInfoEndpoint implements Endpoint {

    private static final String REALM = "realm=\"dev-openid-provider\"";

    private final String issuer;
    private final Clock clock;
    private final SigningKeyStore keys;
    private final GrantStore grants;
    private final UserDirectory users;
    private final ProviderCounters counters;

    UserInfoEndpoint(String issuer, Clock clock, SigningKeyStore keys, GrantStore grants, UserDirectory users,
            ProviderCounters counters) {
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
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Response(401, List.of(), new byte[0]).withHeader("WWW-Authenticate", "Bearer " + REALM);
        }
        String token = authorization.substring(7).trim();
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
        return Response.json(200, body).withHeader("Cache-Control", "no-store");
    }

    private static Response invalidToken(String description) {
        return new Response(401, List.of(), new byte[0]).withHeader("WWW-Authenticate",
                "Bearer " + REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"");
    }
}
