package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides when a session's access token needs refreshing and performs the refresh grant (RFC 6749 §6,
 * OpenID Connect Core 1.0 §12). A refresh is due {@code refresh-before-expiry} before the access token
 * expires, but never earlier than half its lifetime, so that short-lived tokens are not refreshed on every
 * request. A new ID token from the refresh is validated like any other and must name the same issuer and
 * subject (§12.2); a missing new refresh token keeps the old one, a new one replaces it (rotation).
 */
public final class TokenRefresher implements TokenRenewal {

    /**
     * What refreshing needs of the configuration: the scope to ask for (empty: the original), whether UserInfo
     * is read, the access-token lifetime assumed when none is given, and how early before expiry to refresh.
     */
    public record Settings(Optional<String> refreshScope, boolean userinfo, Duration accessTokenDefaultLifetime,
                           Duration refreshBeforeExpiry) {

        public static Settings from(OidcConfig config) {
            return new Settings(config.client().refreshScope(), config.provider().userinfo(),
                    config.timeouts().accessTokenDefaultLifetime(), config.timeouts().refreshBeforeExpiry());
        }
    }

    private final Settings config;
    private final Supplier<ProviderMetadata> metadata;
    private final IdTokenValidator validator;
    private final TokenClient client;
    private final Clock clock;
    private final UserInfoClient userInfo;

    public TokenRefresher(Settings config, Supplier<ProviderMetadata> metadata, IdTokenValidator validator,
                          TokenClient client, Clock clock, UserInfoClient userInfo) {
        this.config = config;
        this.metadata = metadata;
        this.validator = validator;
        this.client = client;
        this.clock = clock;
        this.userInfo = userInfo;
    }

    /** The outcome of a refresh: the new token set and, when a new ID token came, its claims (else null). */
    public record Refreshed(TokenSet tokens, Map<String, Object> claims) {
    }

    /** Whether the access token is close enough to expiry that a request should refresh it first. */
    @Override
    public boolean isDue(TokenSet tokens) {
        Instant expiresAt = tokens.expiresAt();
        if (expiresAt == null) {
            return false;
        }
        // checked on every request: plain millisecond arithmetic (Duration.dividedBy would go through BigDecimal)
        long expires = expiresAt.toEpochMilli();
        long margin = config.refreshBeforeExpiry().toMillis();
        if (tokens.obtainedAt() != null) {
            long halfLife = (expires - tokens.obtainedAt().toEpochMilli()) / 2;
            if (halfLife < margin) {
                margin = halfLife;
            }
        }
        return clock.millis() >= expires - margin;
    }

    /** Whether the access token has expired. */
    @Override
    public boolean isExpired(TokenSet tokens) {
        return tokens.expiresAt() != null && !clock.instant().isBefore(tokens.expiresAt());
    }

    /**
     * Refreshes the tokens.
     *
     * @param subject the session's subject; a new ID token must carry the same
     * @throws OidcException {@code op_error} (e.g. invalid_grant: the session is over), {@code invalid_id_token}
     *                       (the new ID token is not acceptable: the session is over), or a transport failure
     */
    public Refreshed refresh(TokenSet current, String subject) {
        return refresh(current, subject, null);
    }

    /**
     * Refreshes the tokens; with UserInfo configured, the new claims are the ID token's (the new one, else
     * {@code currentIdTokenClaims}) completed by a fresh UserInfo answer.
     */
    @Override
    public Refreshed refresh(TokenSet current, String subject, Map<String, Object> currentIdTokenClaims) {
        String refreshToken = current.refresh().orElseThrow(() -> new IllegalStateException("no refresh token"));
        Instant now = clock.instant();
        DpopKey key = current.dpop().orElse(null);
        TokenResponse response = client.refresh(metadata.get().tokenEndpoint(), refreshToken,
                config.refreshScope().orElse(null), key);
        DpopKey bound = response.tokenType().equals("DPoP") ? key : null;
        Map<String, Object> claims = null;
        String idToken = current.idToken();
        if (response.idToken() != null) {
            ValidatedIdToken validated = validator.validate(response.idToken(), new IdTokenExpectations(
                    "refreshed", null, null, false, response.accessToken(), false));
            if (!subject.equals(validated.subject())) {
                throw new OidcException(ErrorCode.INVALID_ID_TOKEN, "refreshed ID token names another subject",
                        "OpenID Connect Core 1.0 §12.2");
            }
            claims = validated.claims();
            idToken = validated.raw(); // the signed token: a JWE was decrypted
        }
        Instant expiresAt = AccessTokenExpiry.expiresAt(response.accessToken(), response.expiresIn(), now,
                config.accessTokenDefaultLifetime());
        String newRefreshToken = response.refreshToken() != null ? response.refreshToken() : refreshToken;
        String scope = response.scope() != null ? response.scope() : current.scope();
        if (config.userinfo() && userInfo != null) {
            Map<String, Object> base = claims != null ? claims : currentIdTokenClaims;
            if (base != null) {
                String endpoint = metadata.get().userinfo().orElseThrow(() -> new OidcException(
                        ErrorCode.OP_BAD_RESPONSE, "userinfo is enabled but the provider advertises none", ""));
                claims = userInfo.merged(endpoint, response.accessToken(), bound, base);
            }
        }
        return new Refreshed(new TokenSet(idToken, response.accessToken(), newRefreshToken, response.tokenType(),
                expiresAt, scope, now, bound == null ? null : bound.sealable()), claims);
    }
}
