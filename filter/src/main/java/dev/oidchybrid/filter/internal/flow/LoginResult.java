package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.internal.token.ValidatedIdToken;

import java.util.Map;

/**
 * A completed login: the token set from the token endpoint, its validated ID token, and the claims for the
 * session (the ID token's, completed by UserInfo when configured).
 */
public record LoginResult(TokenSet tokens, ValidatedIdToken idToken, String returnPath, Map<String, Object> claims) {
}
