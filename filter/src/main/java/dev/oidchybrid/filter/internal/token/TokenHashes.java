package dev.oidchybrid.filter.internal.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code c_hash} / {@code at_hash} computation of OpenID Connect Core 1.0 §3.3.2.11 and §3.2.2.9: the
 * base64url encoding of the left-most half of the hash of the ASCII value, with the hash function of the
 * ID token's JWS algorithm (SHA-512 for EdDSA with Ed25519).
 */
public final class TokenHashes {

    private TokenHashes() {
    }

    /** The half-hash of {@code value} for {@code jwsAlgorithm}, or empty for an algorithm without a rule. */
    public static Optional<String> halfHash(String value, String jwsAlgorithm) {
        String digestName = digestFor(jwsAlgorithm);
        if (digestName == null) {
            return Optional.empty();
        }
        try {
            byte[] digest = MessageDigest.getInstance(digestName).digest(value.getBytes(StandardCharsets.US_ASCII));
            byte[] left = Arrays.copyOf(digest, digest.length / 2);
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(left));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + digestName, e);
        }
    }

    /** Whether {@code claimed} is the half-hash of {@code value}, compared in constant time. */
    public static boolean matches(String claimed, String value, String jwsAlgorithm) {
        Optional<String> expected = halfHash(value, jwsAlgorithm);
        return expected.isPresent() && MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.US_ASCII), claimed.getBytes(StandardCharsets.US_ASCII));
    }

    private static String digestFor(String alg) {
        if (alg == null) {
            return null;
        }
        if (alg.equals("EdDSA")) {
            return "SHA-512";
        }
        if (alg.length() == 5 && "RPE".indexOf(alg.charAt(0)) >= 0 && "SS".indexOf(alg.charAt(1)) >= 0) {
            switch (alg.substring(2)) {
                case "256": return "SHA-256";
                case "384": return "SHA-384";
                case "512": return "SHA-512";
                default: return null;
            }
        }
        return null;
    }
}
