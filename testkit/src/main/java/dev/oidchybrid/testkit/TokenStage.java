package dev.oidchybrid.testkit;

/**
 * Where an ID token is being issued, passed to {@link ProviderFaults#idTokenCustomizer} so a test can alter
 * only the tokens of one stage.
 *
 * <ul>
 *   <li>{@link #FRONT_CHANNEL}: in the authorization response of a hybrid flow (OpenID Connect Core 1.0, 3.3.2.11);
 *   <li>{@link #TOKEN_ENDPOINT}: in the token response of the authorization code grant (Core 3.1.3.3);
 *   <li>{@link #REFRESH}: in the token response of the refresh token grant (Core 12.2).
 * </ul>
 */
public enum TokenStage {
    FRONT_CHANNEL,
    TOKEN_ENDPOINT,
    REFRESH
}
