package dev.oidchybrid.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * A relying party registered at the {@link DevProvider}: its credentials for the token endpoint, the redirect
 * URIs it may use (RFC 6749, 2 and 3.1.2) and, optionally, its back-channel logout URI (OpenID Connect
 * Back-Channel Logout 1.0, 2.2).
 *
 * <p>A redirect URI entry ending in {@code *} matches every URI that starts with the text before the star (a
 * development convenience: {@code "http://localhost:*"} accepts any port and path); any other entry must match
 * exactly. Whatever the entry, a requested URI is refused when it is not absolute or carries user-info or a
 * fragment (RFC 6749, 3.1.2), so a prefix entry cannot be abused as in {@code http://localhost:@evil.example/}.
 * The same list governs {@code post_logout_redirect_uri} at the end-session endpoint.
 *
 * <p>When the end-session endpoint ends an SSO session in which this client received an authorization response,
 * and {@code backchannelLogoutUri} is set, the provider POSTs a logout token (with {@code sub} and the session's
 * {@code sid}) to it.
 *
 * @param clientId             the {@code client_id}; not blank
 * @param clientSecret         the client secret for {@code client_secret_basic} / {@code client_secret_post}; not
 *                             null
 * @param redirectUris         registered redirect URIs (exact, or prefix when ending in {@code *}); copied
 * @param backchannelLogoutUri the back-channel logout URI ({@code backchannel_logout_uri}): absolute
 *                             {@code http} or {@code https} with a host, no user-info, no fragment; or null for
 *                             none
 */
public record ClientRegistration(String clientId, String clientSecret, List<String> redirectUris,
        String backchannelLogoutUri) {

    public ClientRegistration {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        redirectUris = List.copyOf(redirectUris);
        if (backchannelLogoutUri != null && !isBackchannelLogoutUri(backchannelLogoutUri)) {
            throw new IllegalArgumentException("backchannelLogoutUri must be an absolute http(s) URI with a host, "
                    + "without user-info or fragment: " + backchannelLogoutUri);
        }
    }

    /**
     * A client without a back-channel logout URI.
     *
     * @param clientId     the {@code client_id}; not blank
     * @param clientSecret the client secret; not null
     * @param redirectUris registered redirect URIs; copied
     */
    public ClientRegistration(String clientId, String clientSecret, List<String> redirectUris) {
        this(clientId, clientSecret, redirectUris, null);
    }

    /**
     * The demo client: {@value DevProvider#DEMO_CLIENT_ID} / {@value DevProvider#DEMO_CLIENT_SECRET}, allowed to
     * redirect to any http(s) URI on {@code localhost} or {@code 127.0.0.1}; no back-channel logout URI.
     */
    public static ClientRegistration demo() {
        return new ClientRegistration(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET, List.of(
                "http://localhost:*", "http://127.0.0.1:*", "https://localhost:*", "https://127.0.0.1:*"));
    }

    /**
     * This client with another back-channel logout URI, e.g.
     * {@code ClientRegistration.demo().withBackchannelLogoutUri("http://127.0.0.1:8080/logout/backchannel")}.
     *
     * @param uri absolute {@code http}/{@code https} URI with a host, without user-info or fragment (a query is
     *            allowed); null for none
     * @return a new registration
     * @throws IllegalArgumentException when {@code uri} is not such a URI
     */
    public ClientRegistration withBackchannelLogoutUri(String uri) {
        return new ClientRegistration(clientId, clientSecret, redirectUris, uri);
    }

    /**
     * Whether {@code uri} may be used as this client's redirect URI (or post-logout redirect URI).
     *
     * @param uri the requested URI, as sent by the client; null is never allowed
     * @return true when it is well formed (absolute, no user-info, no fragment) and matches an entry
     */
    public boolean allowsRedirectUri(String uri) {
        if (uri == null || !isWellFormed(uri)) {
            return false;
        }
        for (String entry : redirectUris) {
            boolean matches = entry.endsWith("*")
                    ? uri.startsWith(entry.substring(0, entry.length() - 1))
                    : uri.equals(entry);
            if (matches) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWellFormed(String uri) {
        try {
            URI parsed = new URI(uri);
            if (!parsed.isAbsolute() || uri.indexOf('#') >= 0 || parsed.getRawUserInfo() != null) {
                return false;
            }
            return !isHttp(parsed) || parsed.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBackchannelLogoutUri(String uri) {
        try {
            URI parsed = new URI(uri);
            return isHttp(parsed) && parsed.getHost() != null && parsed.getRawUserInfo() == null
                    && uri.indexOf('#') < 0;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }
}
