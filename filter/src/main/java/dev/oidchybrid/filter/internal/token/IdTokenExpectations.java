package dev.oidchybrid.filter.internal.token;

/**
 * What one ID token must match besides the configuration-wide rules.
 *
 * @param stage          where the token came from, for the log ("front-channel", "token endpoint")
 * @param nonce          the nonce sent in the authorization request; the token must carry exactly it
 * @param code           the authorization code returned with the token (for c_hash), or null
 * @param cHashRequired  whether c_hash must be present (ID token in the authorization response, §3.3.2.11)
 * @param accessToken    the access token returned with the token (for at_hash), or null
 * @param atHashRequired whether at_hash must be present (ID token and access token in the authorization response)
 */
public record IdTokenExpectations(String stage, String nonce, String code, boolean cHashRequired,
                                  String accessToken, boolean atHashRequired) {

    /** An ID token from the authorization response of a hybrid flow. */
    public static IdTokenExpectations frontChannel(String nonce, String code, String accessToken) {
        return new IdTokenExpectations("front-channel", nonce, code, true, accessToken, accessToken != null);
    }

    /** An ID token from the token endpoint: at_hash is optional there but checked when present. */
    public static IdTokenExpectations tokenEndpoint(String nonce, String accessToken) {
        return new IdTokenExpectations("token endpoint", nonce, null, false, accessToken, false);
    }
}
