package dev.oidchybrid.filter.internal.flow;

/**
 * The parameters of a form_post authorization response (OpenID Connect Core 1.0 §3.3.2.5, §3.1.2.6;
 * OAuth 2.0 Form Post Response Mode; RFC 9207 {@code iss}). Absent parameters are {@code null}.
 * {@code toString()} shows no values.
 */
public record CallbackParams(String state, String code, String idToken, String accessToken, String tokenType,
                             String iss, String error, String errorDescription) {

    @Override
    public String toString() {
        return "CallbackParams[code=" + (code != null) + ", idToken=" + (idToken != null) + ", accessToken="
                + (accessToken != null) + ", iss=" + iss + ", error=" + error + "]";
    }
}
