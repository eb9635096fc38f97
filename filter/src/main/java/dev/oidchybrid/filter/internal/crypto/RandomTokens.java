package dev.oidchybrid.filter.internal.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unguessable values for state, nonce and the PKCE verifier: 32 bytes from a {@link SecureRandom}, base64url
 * (43 characters, within RFC 7636's 43-128 for the verifier). The random source is injected for tests.
 */
public final class RandomTokens {

    private final SecureRandom random;

    public RandomTokens(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
