package dev.oidchybrid.testkit;

/**
 * A way to get an ID token's protection wrong, set per {@link TokenStage} with
 * {@link ProviderFaults#signatureFault(TokenStage, SignatureFault)}. The claims stay valid (including
 * {@code c_hash} and {@code at_hash}, computed with the hash of the algorithm in the header), so a relying
 * party that accepts the token has skipped exactly the check the fault targets (OpenID Connect Core 1.0,
 * 3.1.3.7 steps 1 and 6-8; RFC 8725, 2.1 and 3.1).
 *
 * <p>Logout tokens can be protected wrongly the same way with
 * {@link DevProvider#logoutToken(String, String, java.util.function.Consumer, SignatureFault)} (their
 * {@code typ: logout+jwt} header is kept; for {@link #ENCRYPTED} it is in the inner JWS).
 */
public enum SignatureFault {

    /** An unsecured JWS: header {@code alg: none} (with the real {@code kid}), empty signature (RFC 7519, 6). */
    ALG_NONE,

    /** Signed with a throwaway key of the provider's algorithm, not in the JWKS, under the real {@code kid}. */
    FOREIGN_KEY,

    /**
     * Algorithm confusion: {@code alg: HS256} with the real {@code kid}, the HMAC keyed with the provider's public
     * key bytes (its X.509 SubjectPublicKeyInfo DER encoding) (RFC 8725, 2.1).
     */
    HS256_WITH_PUBLIC_KEY,

    /** Signed with the real key, but the {@code kid} header names a key the JWKS does not have (new per token). */
    UNKNOWN_KID,

    /** Signed with the real key, without a {@code kid} header. */
    NO_KID,

    /**
     * The correctly signed ID token wrapped in a JWE ({@code RSA-OAEP-256}, {@code A256GCM}, {@code cty: JWT}) to
     * a throwaway RSA key, as a provider configured for ID token encryption would send it (Core 10.2).
     */
    ENCRYPTED,

    /** Signed correctly, then the last byte of the signature changed. */
    CORRUPT_SIGNATURE
}
