package dev.oidchybrid.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange with the S256 method only (RFC 7636, 4.1-4.6); {@code plain} is refused, as
 * OAuth 2.0 Security Best Current Practice (RFC 9700, 2.1.1) recommends.
 */
final class Pkce {

    static final String S256 = "S256";

    /** code_verifier = 43*128unreserved (RFC 7636, 4.1). */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    /** An S256 challenge is base64url(SHA-256) without padding: exactly 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {
    }

    static boolean isValidS256Challenge(String challenge) {
        return challenge != null && S256_CHALLENGE.matcher(challenge).matches();
    }

    static boolean isValidVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    /** The S256 challenge of {@code verifier}: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636, 4.2). */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Secrets.base64Url(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Whether {@code verifier} is well formed and hashes to {@code challenge} (compared in constant time). */
    static boolean verify(String verifier, String challenge) {
        return isValidVerifier(verifier) && Secrets.constantTimeEquals(s256(verifier), challenge);
    }
}
