package dev.oidchybrid.filter.internal.token;

/**
 * A successful token endpoint response (RFC 6749 §5.1, OpenID Connect Core 1.0 §3.1.3.3).
 * {@code toString()} never shows token values.
 */
public record TokenResponse(String accessToken, String tokenType, Long expiresIn, String refreshToken,
                            String idToken, String scope) {

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
