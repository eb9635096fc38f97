package dev.oidchybrid.filter.internal.token;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * The tokens of one login session as the token endpoint issued them. Serializable so that container session
 * persistence and replication carry it. {@code toString()} never shows token values.
 *
 * @param idToken      the raw ID token from the token endpoint
 * @param accessToken  the raw access token from the token endpoint (never the front-channel one)
 * @param refreshToken the refresh token, or null when none was issued
 * @param tokenType    the access token type, normally {@code Bearer}
 * @param expiresAt    when the access token expires, or null when the provider did not say
 * @param scope        the granted scope, or null when the provider did not say
 * @param obtainedAt   when the token endpoint issued this set (to know the access token's lifetime)
 * @param dpopKey      the session's DPoP key ({@link DpopKey#sealable()}, private: only ever sealed) when the
 *                     tokens are DPoP-bound, else null
 */
public record TokenSet(String idToken, String accessToken, String refreshToken, String tokenType,
                       Instant expiresAt, String scope, Instant obtainedAt, String dpopKey) implements Serializable {

    /** Bearer tokens. */
    public TokenSet(String idToken, String accessToken, String refreshToken, String tokenType, Instant expiresAt,
                    String scope, Instant obtainedAt) {
        this(idToken, accessToken, refreshToken, tokenType, expiresAt, scope, obtainedAt, null);
    }

    /**
     * This set without its DPoP key, for where application code can see it (the request attribute): the key
     * stays in the session, where only the filter makes proofs with it.
     */
    public TokenSet withoutDpopKey() {
        return dpopKey == null ? this
                : new TokenSet(idToken, accessToken, refreshToken, tokenType, expiresAt, scope, obtainedAt, null);
    }

    /** This set with {@code key} as its DPoP key field (a store's sealed form of it, or the key itself). */
    public TokenSet withDpopKey(String key) {
        return new TokenSet(idToken, accessToken, refreshToken, tokenType, expiresAt, scope, obtainedAt, key);
    }

    /** The key the tokens are bound to, when they are DPoP-bound. */
    public Optional<DpopKey> dpop() {
        return DpopKey.restore(dpopKey);
    }

    public Optional<String> refresh() {
        return Optional.ofNullable(refreshToken);
    }

    public Optional<Instant> accessTokenExpiry() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return "TokenSet[tokenType=" + tokenType + ", expiresAt=" + expiresAt + ", scope=" + scope
                + ", refreshToken=" + (refreshToken != null ? "present" : "absent") + "]";
    }
}
