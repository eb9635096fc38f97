package dev.oidchybrid.filter.internal.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the client's own signing keys come from (for {@code private_key_jwt}, RFC 7523 §2.2, OpenID Connect
 * Core 1.0 §9), how its assertions name their audience, and where the public keys are published. Only the
 * references are parsed here; the keys are loaded (files read, then parsed) when the filter is assembled.
 *
 * @param key              {@code client-key}: PEM or JWK JSON inline, or {@code file:<path>}; or empty
 * @param keystore         {@code client-keystore}: the path of a PKCS#12 key store; or empty
 * @param keystorePassword its password (required with a key store)
 * @param keyAlias         the key store alias, or empty for its only key
 * @param certificate      {@code client-certificate}: PEM inline or {@code file:<path>}; or empty
 * @param audience         what an assertion's {@code aud} is
 * @param jwksPath         where the public JWK set is served, or empty (the default: not served)
 * @param decryptionKey    {@code id-token-decryption-key}: the key(s) for encrypted ID tokens, in the forms of
 *                         {@code client-key}; or empty (ID tokens are then signed only, and a JWE is refused)
 */
public record ClientKeySettings(Optional<String> key, Optional<String> keystore, Optional<String> keystorePassword,
                                Optional<String> keyAlias, Optional<String> certificate, Audience audience,
                                Optional<String> jwksPath, Optional<String> decryptionKey) {

    /** The {@code aud} of a client assertion. */
    public enum Audience {
        /** The provider's issuer identifier. */
        ISSUER("issuer"),
        /** The URL of the endpoint the assertion is sent to. */
        TOKEN_ENDPOINT("token-endpoint");

        private final String value;

        Audience(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static Optional<Audience> parse(String raw) {
            return Arrays.stream(values()).filter(a -> a.value.equals(raw)).findFirst();
        }
    }

    /** Whether a key (inline, file or key store) is configured. */
    public boolean configured() {
        return key.isPresent() || keystore.isPresent();
    }

    /** Never the key or the password. */
    @Override
    public String toString() {
        return "ClientKeySettings[key=" + key.map(k -> k.startsWith("file:") ? k : "(inline)").orElse("(none)")
                + ", keystore=" + keystore.orElse("(none)") + ", keystorePassword="
                + (keystorePassword.isPresent() ? "(set)" : "(none)") + ", keyAlias=" + keyAlias.orElse("(none)")
                + ", certificate=" + certificate.isPresent() + ", audience=" + audience.value() + ", jwksPath="
                + jwksPath.orElse("(none)") + ", decryptionKey="
                + decryptionKey.map(k -> k.startsWith("file:") ? k : "(inline)").orElse("(none)") + "]";
    }

    static ClientKeySettings parse(ParamReader reader, ClientAuth clientAuth, boolean bearerMode) {
        Optional<String> key = reader.optional(InitParam.CLIENT_KEY);
        Optional<String> keystore = reader.optional(InitParam.CLIENT_KEYSTORE);
        Optional<String> password = reader.optional(InitParam.CLIENT_KEYSTORE_PASSWORD);
        Optional<String> alias = reader.optional(InitParam.CLIENT_KEY_ALIAS);
        Optional<String> certificate = reader.optional(InitParam.CLIENT_CERTIFICATE);
        boolean configured = key.isPresent() || keystore.isPresent();
        if (clientAuth == ClientAuth.PRIVATE_KEY_JWT && !configured) {
            reader.problem(InitParam.CLIENT_KEY, "(or " + InitParam.CLIENT_KEYSTORE.paramName() + ") is required with "
                    + InitParam.CLIENT_AUTH.paramName() + "=private_key_jwt (init-param '" + InitParam.CLIENT_KEY.paramName()
                    + "' or environment variable '" + InitParam.CLIENT_KEY.environmentVariable() + "')");
        }
        if (key.isPresent() && keystore.isPresent()) {
            reader.problem(InitParam.CLIENT_KEY, "and " + InitParam.CLIENT_KEYSTORE.paramName()
                    + " are both set: set only one");
        }
        if (keystore.isPresent() && password.isEmpty()) {
            reader.problem(InitParam.CLIENT_KEYSTORE_PASSWORD, "is required with "
                    + InitParam.CLIENT_KEYSTORE.paramName());
        }
        needs(reader, InitParam.CLIENT_KEYSTORE_PASSWORD, password, keystore.isPresent(), InitParam.CLIENT_KEYSTORE);
        needs(reader, InitParam.CLIENT_KEY_ALIAS, alias, keystore.isPresent(), InitParam.CLIENT_KEYSTORE);
        needs(reader, InitParam.CLIENT_CERTIFICATE, certificate, configured, InitParam.CLIENT_KEY);
        Optional<String> decryptionKey = reader.optional(InitParam.ID_TOKEN_DECRYPTION_KEY);
        if (decryptionKey.isPresent() && bearerMode) {
            reader.problem(InitParam.ID_TOKEN_DECRYPTION_KEY, "decrypts ID tokens, which mode=bearer never receives: "
                    + "remove it");
        }
        List.of(key, keystore, certificate, decryptionKey).forEach(value -> value.filter(v -> v.equals("file:"))
                .ifPresent(v -> reader.problem("a client key parameter is 'file:' without a path")));
        Audience audience = reader.choice(InitParam.CLIENT_ASSERTION_AUDIENCE, Audience::parse,
                "must be issuer or token-endpoint");
        return new ClientKeySettings(key, keystore, password, alias, certificate, audience,
                parseJwksPath(reader, configured || decryptionKey.isPresent()), decryptionKey);
    }

    private static void needs(ParamReader reader, InitParam param, Optional<String> value, boolean present,
                              InitParam needed) {
        if (value.isPresent() && !present) {
            reader.problem(param, "is set but " + needed.paramName() + " is not");
        }
    }

    private static Optional<String> parseJwksPath(ParamReader reader, boolean configured) {
        if (reader.value(InitParam.CLIENT_JWKS_PATH) == null) {
            return Optional.empty();
        }
        String path = reader.path(InitParam.CLIENT_JWKS_PATH);
        if (path == null) {
            return Optional.empty();
        }
        if (!configured) {
            reader.problem(InitParam.CLIENT_JWKS_PATH, "publishes the public keys of " + InitParam.CLIENT_KEY.paramName()
                    + " or " + InitParam.CLIENT_KEYSTORE.paramName() + " (and " + InitParam.ID_TOKEN_DECRYPTION_KEY.paramName()
                    + "): set one of them");
        }
        for (InitParam other : List.of(InitParam.REDIRECT_PATH, InitParam.LOGOUT_PATH,
                InitParam.BACKCHANNEL_LOGOUT_PATH)) {
            if (Objects.equals(path, reader.value(other))) {
                reader.problem(InitParam.CLIENT_JWKS_PATH, "must differ from " + other.paramName());
            }
        }
        return Optional.of(path);
    }
}
