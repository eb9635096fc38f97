package dev.oidchybrid.testkit;

import java.time.Instant;
import java.util.List;

/**
 * One authorization: what a user allowed a client at one authentication. The authorization code, the tokens
 * issued from it and the whole refresh token family share it, so revoking the grant (on code replay or refresh
 * token reuse, RFC 6749 10.5 and RFC 9700 4.14.2) revokes them all.
 *
 * @param id        random grant id
 * @param clientId  the client
 * @param user      the user
 * @param scope     granted scope values
 * @param authTime  when the user authenticated ({@code auth_time})
 * @param audience  the access token audience, or null for the client id
 * @param nonce     the request nonce, or null
 * @param sessionId the SSO session's {@code sid} (OpenID Connect Front/Back-Channel Logout), not the cookie value
 * @param acr       the authentication context class ({@code acr}) the tokens state, or null for none
 */
record Grant(
        String id,
        String clientId,
        DemoUser user,
        List<String> scope,
        Instant authTime,
        String audience,
        String nonce,
        String sessionId,
        String acr) {

    Grant {
        scope = List.copyOf(scope);
    }

    /** The {@code scope} parameter value: the scope values separated by spaces. */
    String scopeText() {
        return String.join(" ", scope);
    }
}
