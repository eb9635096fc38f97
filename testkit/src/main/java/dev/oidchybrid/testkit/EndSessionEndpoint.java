package dev.oidchybrid.testkit;

import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * {@code GET|POST /end_session}: RP-Initiated Logout (OpenID Connect RP-Initiated Logout 1.0, 2-3), with
 * back-channel logout of the session's relying parties (OpenID Connect Back-Channel Logout 1.0, 2.5).
 *
 * <p>An {@code id_token_hint}, when given, must be an ID token signed by this provider for this issuer (its
 * expiry is ignored, as logout usually comes after it); a bad hint, or a {@code client_id} that is not in the
 * hint's audience, shows a 400 page and ends nothing. Otherwise the SSO session ends (cookie cleared), every
 * client of that session with a back-channel logout URI gets a logout token ({@link BackChannelLogout}), then the
 * browser goes to {@code post_logout_redirect_uri} with {@code state}, provided the client is known (from
 * {@code client_id} or the hint) and the URI is registered for it (the client's redirect URI list); else a
 * "You are logged out" page is shown.
 */
final class EndSessionEndpoint implements Endpoint {

    private final String issuer;
    private final SigningKeyStore keys;
    private final Map<String, ClientRegistration> clients;
    private final SsoSessionStore sessions;
    private final ProviderCounters counters;
    private final BackChannelLogout backChannelLogout;

    EndSessionEndpoint(String issuer, SigningKeyStore keys, Map<String, ClientRegistration> clients,
            SsoSessionStore sessions, ProviderCounters counters, BackChannelLogout backChannelLogout) {
        this.issuer = issuer;
        this.keys = keys;
        this.clients = Map.copyOf(clients);
        this.sessions = sessions;
        this.counters = counters;
        this.backChannelLogout = backChannelLogout;
    }

    @Override
    public Response handle(Request request) {
        counters.countEndSession();
        if (!request.isGet() && !request.isPost()) {
            return Response.html(405, HtmlPages.error("Method not allowed", "Use GET or POST."))
                    .withHeader("Allow", "GET, POST");
        }
        Params params = request.params();
        String clientId = params.get("client_id");
        String hint = params.get("id_token_hint");
        if (hint != null) {
            List<String> audience;
            try {
                audience = hintAudience(hint);
            } catch (InvalidJwtException | MalformedClaimException e) {
                audience = null;
            }
            if (audience == null) {
                return Response.html(400, HtmlPages.error("Logout failed", "The id_token_hint is not valid."));
            }
            if (clientId != null && !audience.contains(clientId)) {
                return Response.html(400, HtmlPages.error("Logout failed",
                        "The id_token_hint was not issued to client_id " + clientId + "."));
            }
            if (clientId == null && audience.size() == 1) {
                clientId = audience.get(0);
            }
        }
        backChannelLogout.sessionsEnded(sessions.end(request.cookies(SsoSessionStore.COOKIE)));
        ClientRegistration client = clientId == null ? null : clients.get(clientId);
        String redirect = params.get("post_logout_redirect_uri");
        Response response;
        if (client != null && redirect != null && client.allowsRedirectUri(redirect)) {
            String state = params.get("state");
            response = Response.redirect(state == null ? redirect
                    : redirect + (redirect.contains("?") ? "&" : "?") + Params.encode(Map.of("state", state)));
        } else {
            response = Response.html(200, HtmlPages.loggedOut());
        }
        return response.withHeader("Set-Cookie", SsoSessionStore.clearCookie());
    }

    /** The audience of a valid ID token hint, or null when it is not one of this provider's ID tokens. */
    private List<String> hintAudience(String hint) throws InvalidJwtException, MalformedClaimException {
        SigningKeyStore.Verified verified = keys.verify(hint);
        JwtClaims claims = verified.claims();
        boolean otherTokenType = TokenIssuer.ACCESS_TOKEN_TYPE.equals(verified.type())
                || TokenIssuer.LOGOUT_TOKEN_TYPE.equals(verified.type());
        if (otherTokenType || !issuer.equals(claims.getIssuer())) {
            return null;
        }
        List<String> audience = claims.getAudience();
        return audience.isEmpty() ? null : audience;
    }
}
