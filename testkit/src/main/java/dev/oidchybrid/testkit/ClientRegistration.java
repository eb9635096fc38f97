package dev.oidchybrid.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

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
 * <p>The token endpoint accepts only the client authentication methods in {@code authMethods}
 * ({@code token_endpoint_auth_method} values, OpenID Connect Core 1.0, 9): {@value #CLIENT_SECRET_BASIC} and
 * {@value #CLIENT_SECRET_POST} (the default), {@value #CLIENT_SECRET_JWT} (an HS256 assertion keyed with the
 * secret, which must then have at least 32 bytes, RFC 7518 3.2) and {@value #PRIVATE_KEY_JWT} (an assertion signed
 * by one of the public keys in {@code jwks}; RFC 7523).
 *
 * @param clientId             the {@code client_id}; not blank
 * @param clientSecret         the client secret for the secret methods; null only for a {@code private_key_jwt}
 *                             client
 * @param redirectUris         registered redirect URIs (exact, or prefix when ending in {@code *}); copied
 * @param backchannelLogoutUri the back-channel logout URI ({@code backchannel_logout_uri}): absolute
 *                             {@code http} or {@code https} with a host, no user-info, no fragment; or null for
 *                             none
 * @param authMethods          the accepted token endpoint authentication methods; not empty; copied
 * @param jwks                 the client's public keys as a JWK Set JSON (RFC 7517, 5), required with
 *                             {@code private_key_jwt} or ID token encryption and only then; no private key members
 * @param idTokenEncryption    how its ID tokens are encrypted ({@code id_token_encrypted_response_alg} /
 *                             {@code _enc}, to its {@code jwks} key with {@code use: enc}), or null for signed only
 * @param requireSignedRequestObject whether every authorization request of this client must come as a request
 *                             object signed with a key of {@code jwks} (RFC 9101, 10.5
 *                             {@code require_signed_request_object}); a plain one is refused
 */
public record ClientRegistration(String clientId, String clientSecret, List<String> redirectUris,
        String backchannelLogoutUri, List<String> authMethods, String jwks, IdTokenEncryption idTokenEncryption,
        boolean requireSignedRequestObject) {

    /** HTTP Basic with the client secret (RFC 6749, 2.3.1). */
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    /** The client secret in the form body (RFC 6749, 2.3.1). */
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    /** An HS256 JWT assertion keyed with the client secret (OpenID Connect Core 1.0, 9; RFC 7523). */
    public static final String CLIENT_SECRET_JWT = "client_secret_jwt";
    /** A JWT assertion signed with the client's private key (OpenID Connect Core 1.0, 9; RFC 7523). */
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    /** Every method the provider knows, in the order discovery lists them. */
    static final List<String> ALL_AUTH_METHODS =
            List.of(CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, CLIENT_SECRET_JWT, PRIVATE_KEY_JWT);

    private static final List<String> SECRET_METHODS = List.of(CLIENT_SECRET_BASIC, CLIENT_SECRET_POST);

    /** The demo client's redirect URIs: any http(s) URI on localhost or 127.0.0.1. */
    static final List<String> LOCAL_REDIRECT_URIS =
            List.of("http://localhost:*", "http://127.0.0.1:*", "https://localhost:*", "https://127.0.0.1:*");

    public ClientRegistration {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        redirectUris = List.copyOf(redirectUris);
        if (backchannelLogoutUri != null && !isBackchannelLogoutUri(backchannelLogoutUri)) {
            throw new IllegalArgumentException("backchannelLogoutUri must be an absolute http(s) URI with a host, "
                    + "without user-info or fragment: " + backchannelLogoutUri);
        }
        authMethods = List.copyOf(new LinkedHashSet<>(authMethods));
        if (authMethods.isEmpty() || !ALL_AUTH_METHODS.containsAll(authMethods)) {
            throw new IllegalArgumentException("authMethods must be some of " + ALL_AUTH_METHODS + ": " + authMethods);
        }
        boolean usesSecret = authMethods.stream().anyMatch(m -> !m.equals(PRIVATE_KEY_JWT));
        if (usesSecret) {
            Objects.requireNonNull(clientSecret, "clientSecret");
        }
        if (authMethods.contains(CLIENT_SECRET_JWT) && clientSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("client_secret_jwt needs a secret of at least 32 bytes for HS256 "
                    + "(RFC 7518, 3.2)");
        }
        if ((authMethods.contains(PRIVATE_KEY_JWT) || idTokenEncryption != null) != (jwks != null)) {
            throw new IllegalArgumentException("jwks must be given exactly when private_key_jwt is accepted or ID "
                    + "tokens are encrypted");
        }
        if (jwks != null) {
            publicKeys(jwks);
        }
        if (idTokenEncryption != null) {
            IdTokenEncrypter.recipient(clientId, jwks, idTokenEncryption);
        }
        if (requireSignedRequestObject && jwks == null) {
            throw new IllegalArgumentException("requireSignedRequestObject needs the client's jwks (private_key_jwt) "
                    + "to verify request objects with");
        }
    }

    /** A client whose authorization requests may be plain or signed request objects. */
    public ClientRegistration(String clientId, String clientSecret, List<String> redirectUris,
            String backchannelLogoutUri, List<String> authMethods, String jwks, IdTokenEncryption idTokenEncryption) {
        this(clientId, clientSecret, redirectUris, backchannelLogoutUri, authMethods, jwks, idTokenEncryption, false);
    }

    /** A client whose ID tokens are signed only. */
    public ClientRegistration(String clientId, String clientSecret, List<String> redirectUris,
            String backchannelLogoutUri, List<String> authMethods, String jwks, boolean requireSignedRequestObject) {
        this(clientId, clientSecret, redirectUris, backchannelLogoutUri, authMethods, jwks, (IdTokenEncryption) null,
                requireSignedRequestObject);
    }

    /**
     * A client whose ID tokens are signed only.
     *
     * @param clientId             the {@code client_id}; not blank
     * @param clientSecret         the client secret; null only for a {@code private_key_jwt} client
     * @param redirectUris         registered redirect URIs; copied
     * @param backchannelLogoutUri the back-channel logout URI, or null for none
     * @param authMethods          the accepted token endpoint authentication methods
     * @param jwks                 the client's public keys, exactly when {@code private_key_jwt} is accepted
     */
    public ClientRegistration(String clientId, String clientSecret, List<String> redirectUris,
            String backchannelLogoutUri, List<String> authMethods, String jwks) {
        this(clientId, clientSecret, redirectUris, backchannelLogoutUri, authMethods, jwks, (IdTokenEncryption) null,
                false);
    }

    /**
     * A client authenticated by a secret ({@code client_secret_basic} or {@code client_secret_post}) with a
     * back-channel logout URI.
     *
     * @param clientId             the {@code client_id}; not blank
     * @param clientSecret         the client secret; not null
     * @param redirectUris         registered redirect URIs; copied
     * @param backchannelLogoutUri the back-channel logout URI, or null for none
     */
    public ClientRegistration(String clientId, String clientSecret, List<String> redirectUris,
            String backchannelLogoutUri) {
        this(clientId, clientSecret, redirectUris, backchannelLogoutUri, SECRET_METHODS, null);
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
        return new ClientRegistration(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET,
                LOCAL_REDIRECT_URIS);
    }

    /**
     * A client that authenticates with {@code private_key_jwt} only (no secret).
     *
     * @param clientId     the {@code client_id}; not blank
     * @param jwks         its public keys, a JWK Set JSON (a single JWK JSON object is taken as a set of one)
     * @param redirectUris registered redirect URIs; copied
     * @throws IllegalArgumentException when {@code jwks} is no JWK set of public keys
     */
    public static ClientRegistration privateKeyJwt(String clientId, String jwks, List<String> redirectUris) {
        return new ClientRegistration(clientId, null, redirectUris, null, List.of(PRIVATE_KEY_JWT), asJwkSet(jwks));
    }

    /**
     * A client that authenticates with {@code client_secret_jwt} only.
     *
     * @param clientId     the {@code client_id}; not blank
     * @param secret       the secret, at least 32 bytes (the HS256 key)
     * @param redirectUris registered redirect URIs; copied
     */
    public static ClientRegistration clientSecretJwt(String clientId, String secret, List<String> redirectUris) {
        return new ClientRegistration(clientId, secret, redirectUris, null, List.of(CLIENT_SECRET_JWT), null);
    }

    /**
     * This client, also accepting {@code private_key_jwt} with the public keys {@code jwks}, e.g.
     * {@code ClientRegistration.demo().withPrivateKeyJwt(jwks)}.
     *
     * @param jwks a JWK Set JSON (or a single JWK JSON object) of public keys
     * @return a new registration
     */
    public ClientRegistration withPrivateKeyJwt(String jwks) {
        List<String> methods = new java.util.ArrayList<>(authMethods);
        methods.add(PRIVATE_KEY_JWT);
        return new ClientRegistration(clientId, clientSecret, redirectUris, backchannelLogoutUri, methods,
                merged(this.jwks, asJwkSet(jwks)), idTokenEncryption, requireSignedRequestObject);
    }

    /**
     * This client with its ID tokens encrypted ({@code id_token_encrypted_response_alg} / {@code _enc}) to the key
     * with {@code use: enc} of {@code jwks}, which is added to the registered keys, e.g.
     * {@code ClientRegistration.demo().withIdTokenEncryption("RSA-OAEP-256", "A256GCM", encryptionJwks)}.
     *
     * @param algorithm  the key management algorithm, one of {@link IdTokenEncryption#ALGORITHMS}
     * @param encryption the content encryption, one of {@link IdTokenEncryption#ENCRYPTIONS}
     * @param jwks       a JWK Set JSON (or one JWK JSON object) of public keys, one with {@code use: enc} of the
     *                   algorithm's key type
     * @return a new registration
     * @throws IllegalArgumentException when the algorithms are unknown or no key fits
     */
    public ClientRegistration withIdTokenEncryption(String algorithm, String encryption, String jwks) {
        return new ClientRegistration(clientId, clientSecret, redirectUris, backchannelLogoutUri, authMethods,
                merged(this.jwks, asJwkSet(jwks)), new IdTokenEncryption(algorithm, encryption),
                requireSignedRequestObject);
    }

    /**
     * This client with its ID tokens encrypted to the key with {@code use: enc} it already registered (with
     * {@link #withPrivateKeyJwt(String)}).
     *
     * @param algorithm  the key management algorithm, one of {@link IdTokenEncryption#ALGORITHMS}
     * @param encryption the content encryption, one of {@link IdTokenEncryption#ENCRYPTIONS}
     * @return a new registration
     * @throws IllegalArgumentException when no registered key fits
     */
    public ClientRegistration withIdTokenEncryption(String algorithm, String encryption) {
        if (jwks == null) {
            throw new IllegalArgumentException("client " + clientId + " has no jwks to encrypt to");
        }
        return withIdTokenEncryption(algorithm, encryption, jwks);
    }

    /** The keys of both sets, each once ({@code extra} added after {@code base}; {@code base} may be null). */
    private static String merged(String base, String extra) {
        if (base == null || base.equals(extra)) {
            return extra;
        }
        List<JsonWebKey> keys = new java.util.ArrayList<>(publicKeys(base));
        List<String> seen = keys.stream().map(k -> k.toJson()).toList();
        publicKeys(extra).stream().filter(k -> !seen.contains(k.toJson())).forEach(keys::add);
        return new JsonWebKeySet(keys).toJson();
    }

    /**
     * This client accepting exactly {@code methods} at the token endpoint (the keys stay; drop
     * {@code private_key_jwt} and they go).
     *
     * @param methods some of {@value #CLIENT_SECRET_BASIC}, {@value #CLIENT_SECRET_POST},
     *                {@value #CLIENT_SECRET_JWT}, {@value #PRIVATE_KEY_JWT}
     * @return a new registration
     */
    public ClientRegistration withAuthMethods(String... methods) {
        List<String> list = List.of(methods);
        return new ClientRegistration(clientId, clientSecret, redirectUris, backchannelLogoutUri, list,
                list.contains(PRIVATE_KEY_JWT) || idTokenEncryption != null ? jwks : null, idTokenEncryption,
                requireSignedRequestObject);
    }

    /**
     * This client requiring (or not) every authorization request as a request object signed with a registered key
     * (RFC 9101, {@code require_signed_request_object}); a plain one (pushed or not) is refused. Needs its jwks.
     */
    public ClientRegistration withRequireSignedRequestObject(boolean required) {
        return new ClientRegistration(clientId, clientSecret, redirectUris, backchannelLogoutUri, authMethods, jwks,
                idTokenEncryption, required);
    }

    /** Whether the token endpoint accepts {@code method} from this client. */
    boolean accepts(String method) {
        return authMethods.contains(method);
    }

    /** The public keys of {@code jwks}, validated. */
    static List<JsonWebKey> publicKeys(String jwks) {
        try {
            List<JsonWebKey> keys = new JsonWebKeySet(jwks).getJsonWebKeys();
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("jwks has no key");
            }
            for (JsonWebKey key : keys) {
                if (!(key instanceof PublicJsonWebKey publicKey) || publicKey.getPrivateKey() != null) {
                    throw new IllegalArgumentException("jwks must hold public keys only (RSA, EC or OKP, no "
                            + "private members)");
                }
            }
            return List.copyOf(keys);
        } catch (JoseException e) {
            throw new IllegalArgumentException("jwks is not a JWK Set: " + e.getMessage(), e);
        }
    }

    private static String asJwkSet(String jwks) {
        Objects.requireNonNull(jwks, "jwks");
        try {
            return JsonUtil.parseJson(jwks).containsKey("keys") ? jwks : "{\"keys\":[" + jwks + "]}";
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("jwks is not a JSON object", e);
        }
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
        return new ClientRegistration(clientId, clientSecret, redirectUris, uri, authMethods, jwks, idTokenEncryption,
                requireSignedRequestObject);
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
