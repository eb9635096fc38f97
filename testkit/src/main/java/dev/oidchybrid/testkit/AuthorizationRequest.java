package dev.oidchybrid.testkit;

import java.util.List;
import java.util.Set;

/**
 * A validated authentication request (OpenID Connect Core 1.0, 3.1.2.1), kept while the user signs in.
 *
 * @param client        the registered client
 * @param redirectUri   the redirect URI, registered for the client
 * @param responseType  the response type
 * @param responseMode  the response mode (explicit or the default of the response type)
 * @param scope         the requested scope values, in order, without duplicates; contains {@code openid}
 * @param state         the {@code state}, or null
 * @param nonce         the {@code nonce}, or null (only when the response type has no ID token)
 * @param codeChallenge the S256 PKCE code challenge (RFC 7636, 4.3)
 * @param prompt        the {@code prompt} values (none, login, consent, select_account)
 * @param maxAge        the {@code max_age} in seconds, or null
 * @param audience      the {@code audience} parameter (Auth0-style API audience for the access token), or null
 * @param loginHint     the {@code login_hint}, or null
 * @param acrValues     the requested {@code acr_values}, in order of preference; empty when none
 */
record AuthorizationRequest(
        ClientRegistration client,
        String redirectUri,
        ResponseType responseType,
        ResponseMode responseMode,
        List<String> scope,
        String state,
        String nonce,
        String codeChallenge,
        Set<String> prompt,
        Long maxAge,
        String audience,
        String loginHint,
        List<String> acrValues) {

    AuthorizationRequest {
        scope = List.copyOf(scope);
        acrValues = List.copyOf(acrValues);
        prompt = Set.copyOf(prompt);
    }
}
