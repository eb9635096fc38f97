package dev.oidchybrid.filter.web;

/**
 * Names of the request attributes the filter sets on every authenticated request before it passes the
 * request on. Downstream servlets read them with {@code request.getAttribute(OidcAttributes.X)}.
 */
public final class OidcAttributes {

    /** The raw (compact, signed) ID token of the session, a {@code String}. */
    public static final String ID_TOKEN = "oidc.id_token";

    /**
     * The raw access token from the token endpoint, a {@code String}, or absent when the provider issued
     * none. Never the front-channel access token of the hybrid flow.
     */
    public static final String ACCESS_TOKEN = "oidc.access_token";

    /**
     * The validated ID token claims (in bearer mode: the access token's claims), an unmodifiable
     * {@code Map<String, Object>}, custom claims included.
     */
    public static final String CLAIMS = "oidc.claims";

    /** The whole {@link dev.oidchybrid.filter.internal.token.TokenSet} of the session. */
    public static final String TOKEN_SET = "oidc.token_set";

    /** The {@link dev.oidchybrid.filter.session.OidcPrincipal}, also returned by {@code getUserPrincipal()}. */
    public static final String PRINCIPAL = "oidc.principal";

    /** In bearer mode: the access token's scopes, an unmodifiable {@code Set<String>}. */
    public static final String SCOPES = "oidc.scopes";

    /**
     * In bearer mode, for a DPoP-bound access token presented with a valid proof (RFC 9449 §7.1): the RFC 7638
     * thumbprint (SHA-256, base64url) of the proof key, which is the token's {@code cnf.jkt}, a {@code String}.
     * Absent for an unbound token sent as {@code Bearer}.
     */
    public static final String DPOP_JKT = "oidc.dpop_jkt";

    private OidcAttributes() {
    }
}
