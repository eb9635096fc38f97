package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider's issued state: authorization codes (single use, RFC 6749 4.1.2), refresh tokens (rotated on
 * every use, with reuse detection per RFC 9700 4.14.2), the access tokens issued per grant, and revoked grants.
 * All methods are synchronized; the provider is for development and tests, not for load.
 */
final class GrantStore {

    /** How long a redeemed or expired code is remembered, so a replay is detected as such and not as unknown. */
    private static final Duration CODE_MEMORY = Duration.ofMinutes(10);

    /** The outcome of presenting a code at the token endpoint. */
    enum CodeStatus {
        /** Never issued (or long forgotten). */
        UNKNOWN,
        /** Redeemed before: the grant has now been revoked. */
        REPLAYED,
        /** First presentation: the code is now spent, whatever the caller decides next. */
        REDEEMED
    }

    /** A code presentation: status and the code (null when unknown). */
    record Redemption(CodeStatus status, AuthorizationCode code) {
    }

    /** A refresh token's state: its grant, whether it is the current token of its family, whether revoked. */
    record RefreshState(Grant grant, boolean current, boolean revoked) {
    }

    private record CodeEntry(AuthorizationCode code, boolean redeemed) {
    }

    private record RefreshEntry(Grant grant, boolean current) {
    }

    private final Clock clock;
    private final Map<String, CodeEntry> codes = new HashMap<>();
    private final Map<String, RefreshEntry> refreshTokens = new HashMap<>();
    private final Map<String, String> accessTokenGrants = new HashMap<>();
    private final Set<String> revokedGrants = new HashSet<>();
    private final Map<String, String> dpopBoundGrants = new HashMap<>();

    GrantStore(Clock clock) {
        this.clock = clock;
    }

    /**
     * Issues a code for {@code grant}, forgetting codes that expired more than ten minutes ago.
     *
     * @return the code with its bindings
     */
    private Instant lastPrune;

    synchronized AuthorizationCode issueCode(Grant grant, String redirectUri, String codeChallenge, Duration lifetime) {
        Instant now = clock.instant();
        // pruned at most once a second: a scan per code would make a login loop quadratic in its length
        if (lastPrune == null || !now.isBefore(lastPrune.plusSeconds(1)) || now.isBefore(lastPrune)) {
            codes.values().removeIf(entry -> entry.code().expiresAt().plus(CODE_MEMORY).isBefore(now));
            lastPrune = now;
        }
        AuthorizationCode code = new AuthorizationCode(Secrets.randomToken(), grant, redirectUri, codeChallenge,
                now.plus(lifetime));
        codes.put(code.value(), new CodeEntry(code, false));
        return code;
    }

    /**
     * Presents a code: the first presentation spends it (even if the caller then refuses the request, e.g. for a
     * wrong PKCE verifier); a later one revokes everything issued from it.
     */
    synchronized Redemption redeemCode(String value) {
        CodeEntry entry = codes.get(value);
        if (entry == null) {
            return new Redemption(CodeStatus.UNKNOWN, null);
        }
        if (entry.redeemed()) {
            revoke(entry.code().grant().id());
            return new Redemption(CodeStatus.REPLAYED, entry.code());
        }
        codes.put(value, new CodeEntry(entry.code(), true));
        return new Redemption(CodeStatus.REDEEMED, entry.code());
    }

    /** Issues the first refresh token of {@code grant}'s family. */
    synchronized String issueRefreshToken(Grant grant) {
        String token = Secrets.randomToken();
        refreshTokens.put(token, new RefreshEntry(grant, true));
        return token;
    }

    /** The state of a refresh token, or null when unknown. */
    synchronized RefreshState findRefreshToken(String token) {
        RefreshEntry entry = refreshTokens.get(token);
        return entry == null ? null
                : new RefreshState(entry.grant(), entry.current(), revokedGrants.contains(entry.grant().id()));
    }

    /**
     * Replaces a current refresh token by a new one of the same family.
     *
     * @return the new token, or null when {@code token} is no longer current (used meanwhile) or revoked
     */
    synchronized String rotateRefreshToken(String token) {
        RefreshEntry entry = refreshTokens.get(token);
        if (entry == null || !entry.current() || revokedGrants.contains(entry.grant().id())) {
            return null;
        }
        refreshTokens.put(token, new RefreshEntry(entry.grant(), false));
        return issueRefreshToken(entry.grant());
    }

    /** Records that access token {@code jti} was issued for {@code grantId}. */
    synchronized void recordAccessToken(String jti, String grantId) {
        accessTokenGrants.put(jti, grantId);
    }

    /** Whether access token {@code jti} was issued here and its grant is not revoked. */
    synchronized boolean isAccessTokenActive(String jti) {
        String grantId = accessTokenGrants.get(jti);
        return grantId != null && !revokedGrants.contains(grantId);
    }

    /** Binds the refresh token family of {@code grantId} to the DPoP key with thumbprint {@code jkt}. */
    synchronized void bindToDpopKey(String grantId, String jkt) {
        dpopBoundGrants.put(grantId, jkt);
    }

    /** The thumbprint of the DPoP key the refresh tokens of {@code grantId} are bound to, or null. */
    synchronized String dpopKey(String grantId) {
        return dpopBoundGrants.get(grantId);
    }

    /** Revokes a grant: its refresh tokens and access tokens stop working. */
    synchronized void revoke(String grantId) {
        revokedGrants.add(grantId);
    }

    synchronized boolean isRevoked(String grantId) {
        return revokedGrants.contains(grantId);
    }
}
