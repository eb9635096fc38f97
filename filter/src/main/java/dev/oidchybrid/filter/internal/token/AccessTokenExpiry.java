package dev.oidchybrid.filter.internal.token;

import org.jose4j.json.JsonUtil;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * When an access token from a token response expires: {@code expires_in} when given (RFC 6749 §5.1); else the
 * {@code exp} of a JWT access token (read for timing only: the provider's token endpoint gave it over TLS, the
 * filter does not rely on its contents); else the configured default lifetime. Never "never": a token without an
 * expiry would otherwise never come due, and its session would last as long as it is used.
 */
public final class AccessTokenExpiry {

    /** Ten years: an access token claiming to live longer is not believed. */
    private static final long MAX_LIFETIME_SECONDS = 10L * 366 * 86_400;

    private AccessTokenExpiry() {
    }

    public static Instant expiresAt(String accessToken, Long expiresIn, Instant now, Duration defaultLifetime) {
        if (expiresIn != null) {
            return now.plusSeconds(Math.min(Math.max(0, expiresIn), MAX_LIFETIME_SECONDS));
        }
        Instant fallback = now.plus(defaultLifetime);
        Long exp = jwtExp(accessToken);
        // an exp beyond any sane lifetime (or beyond what Instant holds) counts as none
        return exp == null || exp < 0 || exp > now.getEpochSecond() + MAX_LIFETIME_SECONDS ? fallback
                : Instant.ofEpochSecond(exp);
    }

    /** The numeric {@code exp} of a compact JWS access token, or null when it is none. */
    static Long jwtExp(String accessToken) {
        if (accessToken == null) {
            return null;
        }
        String[] parts = accessToken.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > 16_384) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Map<String, Object> claims = JsonUtil.parseJson(payload);
            return claims.get("exp") instanceof Number exp ? exp.longValue() : null;
        } catch (IllegalArgumentException | org.jose4j.lang.JoseException | ClassCastException e) {
            return null;
        }
    }
}
