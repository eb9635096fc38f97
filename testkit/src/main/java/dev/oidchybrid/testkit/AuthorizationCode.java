package dev.oidchybrid.testkit;

import java.time.Instant;

/**
 * An issued authorization code and what it is bound to (RFC 6749, 4.1.3; RFC 7636, 4.6): the grant (client,
 * user, scope, nonce, auth_time), the redirect URI and the PKCE challenge.
 *
 * @param value         the code
 * @param grant         the grant
 * @param redirectUri   the redirect URI of the authorization request
 * @param codeChallenge the S256 code challenge
 * @param expiresAt     when it stops being redeemable
 */
record AuthorizationCode(String value, Grant grant, String redirectUri, String codeChallenge, Instant expiresAt) {
}
