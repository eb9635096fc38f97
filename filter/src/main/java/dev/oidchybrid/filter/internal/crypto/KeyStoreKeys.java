package dev.oidchybrid.filter.internal.crypto;

import dev.oidchybrid.filter.internal.crypto.ClientKeyException.Input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The client's signing key from a PKCS#12 key store held in memory: the private key entry named by the alias (or
 * the only one), with its certificate. Pure: the caller reads the file.
 */
public final class KeyStoreKeys {

    private KeyStoreKeys() {
    }

    /**
     * @throws ClientKeyException when the store cannot be opened with the password, or has no such private key
     */
    public static ClientKeys fromPkcs12(byte[] store, char[] password, Optional<String> alias) {
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(new ByteArrayInputStream(store), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ClientKeyException(Input.KEYSTORE_PASSWORD, "does not open client-keystore (wrong "
                        + "password)");
            }
            throw new ClientKeyException(Input.KEYSTORE, "is not a PKCS#12 key store, or the password is wrong");
        } catch (GeneralSecurityException e) {
            throw new ClientKeyException(Input.KEYSTORE, "cannot be read as a PKCS#12 key store");
        }
        try {
            List<String> keyAliases = Collections.list(keyStore.aliases()).stream().filter(a -> isKey(keyStore, a))
                    .toList();
            String chosen = alias.orElseGet(() -> {
                if (keyAliases.size() != 1) {
                    throw new ClientKeyException(keyAliases.isEmpty() ? Input.KEYSTORE : Input.KEY_ALIAS,
                            keyAliases.isEmpty() ? "holds no private key entry"
                                    : "is needed: client-keystore holds several private keys "
                                    + new TreeSet<>(keyAliases));
                }
                return keyAliases.get(0);
            });
            if (!keyAliases.contains(chosen)) {
                throw new ClientKeyException(Input.KEY_ALIAS, "'" + chosen + "' is not a private key entry of "
                        + "client-keystore (its private keys: " + new TreeSet<>(keyAliases) + ")");
            }
            PrivateKey key = (PrivateKey) keyStore.getKey(chosen, password);
            Certificate certificate = keyStore.getCertificate(chosen);
            ClientKeys keys = new ClientKeys(List.of(ClientKeys.of(new KeyPair(KeyPairs.publicOf(key, Input.KEYSTORE),
                    key), Optional.empty(), Optional.empty(), Optional.empty())));
            return certificate instanceof X509Certificate x509 ? keys.withCertificate(x509, Input.KEYSTORE) : keys;
        } catch (UnrecoverableKeyException e) {
            throw new ClientKeyException(Input.KEYSTORE_PASSWORD, "does not unlock the key in client-keystore");
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ClientKeyException(Input.KEYSTORE, "has a key entry that cannot be read");
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
