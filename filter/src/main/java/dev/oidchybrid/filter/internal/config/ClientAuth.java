package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.Optional;

/** Token endpoint client authentication methods (OpenID Connect Core 1.0 §9, RFC 6749 §2.3.1, RFC 7523). */
public enum ClientAuth {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT signed with HS256 under the client secret (at least 32 bytes). */
    CLIENT_SECRET_JWT("client_secret_jwt"),
    /** A JWT signed with the client's private key ({@code client-key} or {@code client-keystore}); no secret. */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** A public client: no secret, PKCE only. Chosen automatically when no client secret is configured. */
    NONE("none");

    private final String value;

    ClientAuth(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ClientAuth> parse(String raw) {
        return Arrays.stream(values()).filter(a -> a.value.equals(raw)).findFirst();
    }
}
