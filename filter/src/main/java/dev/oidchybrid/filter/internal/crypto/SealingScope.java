package dev.oidchybrid.filter.internal.crypto;

import java.util.List;

/**
 * What a sealed value belongs to: the provider (issuer), the client and the application (context path). The
 * sealing keys are derived from the secrets, the purpose and this scope together, so a value sealed by one
 * application never unseals in another that shares {@code cookie-keys} (the drop-in set-up invites the same keys
 * everywhere), nor for another client or provider of the same application.
 *
 * @param issuer      the configured issuer
 * @param clientId    the client ID (empty in bearer mode)
 * @param contextPath the application's context path ({@code ""} for the root)
 */
public record SealingScope(String issuer, String clientId, String contextPath) {

    public SealingScope {
        if (issuer == null || clientId == null || contextPath == null) {
            throw new IllegalArgumentException("issuer, client id and context path are required (may be empty)");
        }
    }

    /** The key-derivation label for {@code purpose} (e.g. {@code session}) in this scope. */
    public String label(String purpose) {
        // NUL cannot occur in any part, so no two scopes give the same label
        return String.join("\u0000", List.of("oidc-hybrid-filter/" + purpose + "/v2", issuer, clientId, contextPath));
    }

    /** Whether an ID token's {@code aud} claim (a string or an array) names this scope's client. */
    public boolean isAudience(Object aud) {
        return clientId.equals(aud) || aud instanceof List<?> list && list.contains(clientId);
    }
}
