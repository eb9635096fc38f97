package dev.oidchybrid.filter.flow;

import dev.oidchybrid.filter.token.TokenSet;
import dev.oidchybrid.filter.token.ValidatedIdToken;

/** A completed login: the token set from the token endpoint and its validated ID token. */
public record LoginResult(TokenSet tokens, ValidatedIdToken idToken, String returnPath) {
}
