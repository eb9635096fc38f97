package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientKeySettings;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.crypto.ClientKeyException;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.crypto.KeyStoreKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the client's signing keys at start-up: reads the files that {@code client-key}, {@code client-keystore}
 * and {@code client-certificate} name (the only I/O), then parses them ({@link ClientKeys}, {@link KeyStoreKeys});
 * likewise the ID token decryption keys of {@code id-token-decryption-key} ({@link DecryptionKeys}).
 * Any problem is one {@code invalid_configuration} failure naming the parameter, never with key material.
 */
public final class ClientKeyLoader {

    /** Reads a whole file. */
    @FunctionalInterface
    public interface FileReader {
        byte[] read(Path path) throws IOException;
    }

    private static final String FILE = "file:";
    private static final String SPEC = "RFC 7523 §2.2, OpenID Connect Core 1.0 §9";

    private final FileReader files;

    public ClientKeyLoader(FileReader files) {
        this.files = files;
    }

    /** Reading from the file system. */
    public static ClientKeyLoader fromFileSystem() {
        return new ClientKeyLoader(java.nio.file.Files::readAllBytes);
    }

    /**
     * @return the keys, or empty when none is configured
     * @throws OidcException {@code invalid_configuration} when a file cannot be read or a key cannot be used
     */
    public Optional<ClientKeys> load(ClientKeySettings settings) {
        if (!settings.configured()) {
            return Optional.empty();
        }
        try {
            ClientKeys keys;
            if (settings.key().isPresent()) {
                keys = ClientKeys.parse(text(InitParam.CLIENT_KEY, settings.key().get()));
            } else {
                String store = settings.keystore().orElseThrow();
                keys = KeyStoreKeys.fromPkcs12(read(InitParam.CLIENT_KEYSTORE,
                        store.startsWith(FILE) ? store.substring(FILE.length()) : store),
                        settings.keystorePassword().orElse("").toCharArray(), settings.keyAlias());
            }
            if (settings.certificate().isPresent()) {
                keys = keys.withCertificate(text(InitParam.CLIENT_CERTIFICATE, settings.certificate().get()));
            }
            return Optional.of(keys);
        } catch (ClientKeyException e) {
            throw invalid(param(e.input()).paramName() + " " + e.getMessage());
        }
    }

    /**
     * @param signing the signing keys already loaded: a decryption key must be another key with another kid
     * @return the ID token decryption keys, or empty when none is configured
     * @throws OidcException {@code invalid_configuration} when the file cannot be read or a key cannot be used
     */
    public Optional<DecryptionKeys> loadDecryptionKeys(ClientKeySettings settings, Optional<ClientKeys> signing) {
        if (settings.decryptionKey().isEmpty()) {
            return Optional.empty();
        }
        try {
            DecryptionKeys keys = DecryptionKeys.parse(text(InitParam.ID_TOKEN_DECRYPTION_KEY,
                    settings.decryptionKey().get()));
            signing.ifPresent(keys::checkApartFrom);
            return Optional.of(keys);
        } catch (ClientKeyException e) {
            throw new OidcException(ErrorCode.INVALID_CONFIGURATION, "invalid OIDC filter configuration: "
                    + param(e.input()).paramName() + " " + e.getMessage(), "OpenID Connect Core 1.0 §10.2");
        }
    }

    private String text(InitParam param, String value) {
        return value.startsWith(FILE) ? new String(read(param, value.substring(FILE.length())), StandardCharsets.UTF_8)
                : value;
    }

    private byte[] read(InitParam param, String path) {
        try {
            return files.read(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw invalid(param.paramName() + ": the file '" + path + "' cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static InitParam param(ClientKeyException.Input input) {
        return switch (input) {
            case KEY -> InitParam.CLIENT_KEY;
            case KEYSTORE -> InitParam.CLIENT_KEYSTORE;
            case KEYSTORE_PASSWORD -> InitParam.CLIENT_KEYSTORE_PASSWORD;
            case KEY_ALIAS -> InitParam.CLIENT_KEY_ALIAS;
            case CERTIFICATE -> InitParam.CLIENT_CERTIFICATE;
            case DECRYPTION_KEY -> InitParam.ID_TOKEN_DECRYPTION_KEY;
        };
    }

    private static OidcException invalid(String problem) {
        return new OidcException(ErrorCode.INVALID_CONFIGURATION, "invalid OIDC filter configuration: " + problem, SPEC);
    }
}
