package dev.oidchybrid.filter.internal.token;

import java.util.Map;

/** When a session's tokens are due, and their renewal: what a session's refresh needs of the token endpoint. */
public interface TokenRenewal {

    /** Whether the access token is close enough to expiry that a request should refresh it first. */
    boolean isDue(TokenSet tokens);

    /** Whether the access token has expired. */
    boolean isExpired(TokenSet tokens);

    /**
     * Refreshes the tokens.
     *
     * @param subject              the session's subject; a new ID token must carry the same
     * @param currentIdTokenClaims the current ID token's own claims (completed by a fresh UserInfo answer when
     *                             configured and no new ID token came)
     * @throws dev.oidchybrid.filter.internal.OidcException {@code op_error} (e.g. invalid_grant: the session is
     *         over), {@code invalid_id_token} (the new ID token is not acceptable), or a transport failure
     */
    TokenRefresher.Refreshed refresh(TokenSet current, String subject, Map<String, Object> currentIdTokenClaims);
}
