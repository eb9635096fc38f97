package dev.oidchybrid.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * A relying party registered at the {@link DevProvider}: its credentials for the token endpoint and the redirect
 * URIs it may use (RFC 6749, 2 and 3.1.2).
 *
 * <p>A redirect URI entry ending in {@code *} matches every URI that starts with the text before the star (a
 * development convenience: {@code "http://localhost:*"} accepts any port and path); any other entry must match
 * exactly. Whatever the entry, a requested URI is refused when it is not absolute or carries user-info or a
 * fragment (RFC 6749, 3.1.2), so a prefix entry cannot be abused as in {@code http://localhost:@evil.example/}.
 * The same list governs {@code post_logout_redirect_uri} at the end-session endpoint.
 *
 * @param clientId     the {@code client_id}; not blank
 * @param clientSecret the client secret for {@code client_secret_basic} / {@code client_secret_post}; not null
 * @param redirectUris registered redirect URIs (exact, or prefix when ending in {@code *}); copied
 */
public record ClientRegistration(String clientId, String clientSecret, List<String> redirectUris) {

    public ClientRegistration {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        redirectUris = List.copyOf(redirectUris);
    }

    /**
     * The demo client: {@value DevProvider#DEMO_CLIENT_ID} / {@value DevProvider#DEMO_CLIENT_SECRET}, allowed to
     * redirect to any http(s) URI on {@code localhost} or {@code 127.0.0.1}.
     */
    public static ClientRegistration demo() {
        return new ClientRegistration(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET, List.of(
                "http://localhost:*", "http://127.0.0.1:*", "https://localhost:*", "https://127.0.0.1:*"));
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

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }
}
