package dev.oidchybrid.testkit;

/**
 * Which {@code aud} of a client assertion (RFC 7523, 3) the provider accepts when
 * {@link ProviderFaults#clientAssertionAudience(AssertionAudience)} restricts it; by default it accepts the issuer
 * and the URL of the token endpoint (and at the pushed authorization request endpoint its own URL, RFC 9126 2),
 * as most providers do.
 */
public enum AssertionAudience {
    /** Only the issuer identifier, as FAPI 2.0 asks. */
    ISSUER,
    /** Only the token endpoint URL, as some providers (e.g. Microsoft Entra ID) want. */
    TOKEN_ENDPOINT
}
