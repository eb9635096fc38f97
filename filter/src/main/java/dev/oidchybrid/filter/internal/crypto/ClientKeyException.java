package dev.oidchybrid.filter.internal.crypto;

/**
 * A client key, key store, password, alias or certificate that cannot be used. The message says what is wrong
 * and how to fix it, and never holds key material; {@link #input()} names which input it is about, so the caller
 * can name the parameter.
 */
public final class ClientKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which input the problem is about. */
    public enum Input { KEY, KEYSTORE, KEYSTORE_PASSWORD, KEY_ALIAS, CERTIFICATE, DECRYPTION_KEY }

    private final Input input;

    public ClientKeyException(Input input, String message) {
        super(message, null, false, false);
        this.input = input;
    }

    public Input input() {
        return input;
    }
}
