package dev.oidchybrid.filter.internal.token;

/**
 * Calls the provider's token endpoint. The network edge of the token package: implementations only send
 * and receive; {@link TokenResponseParser} interprets.
 */
public interface TokenClient {

    /**
     * Redeems an authorization code (RFC 6749 §4.1.3 with the PKCE {@code code_verifier} of RFC 7636 §4.5).
     *
     * @param dpop the login session's DPoP key: the request carries a proof of it and the answer must be a
     *             DPoP-bound token (RFC 9449 §5); null for Bearer tokens
     * @throws dev.oidchybrid.filter.internal.OidcException {@code op_error}, {@code op_bad_response}, {@code op_timeout}
     *                                             or {@code op_unavailable}
     */
    TokenResponse redeemCode(String tokenEndpoint, String code, String redirectUri, String codeVerifier,
                             DpopKey dpop);

    /**
     * Uses a refresh token (RFC 6749 §6). The answer may or may not carry a new ID token and a new (rotated)
     * refresh token.
     *
     * @param scope the scope to ask for (a subset of the original), or null to keep the original
     * @param dpop  the key the refresh token is bound to, or null
     * @throws dev.oidchybrid.filter.internal.OidcException as for {@link #redeemCode}
     */
    TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope, DpopKey dpop);
}
