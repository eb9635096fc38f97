package dev.oidchybrid.filter.client;

import java.util.Optional;

/**
 * What one outgoing API request carries for the logged-in user: {@code Authorization: Bearer <token>}, or for a
 * DPoP-bound token {@code Authorization: DPoP <token>} with a {@code DPoP} header holding a proof made for exactly
 * that request's method and URL (RFC 9449 §7.1). A proof is good for one request only: ask again for the next.
 *
 * @param scheme {@code Bearer} or {@code DPoP}
 * @param token  the access token
 * @param proof  the DPoP proof for this one request, present exactly when the scheme is {@code DPoP}
 */
public record OidcAuthorization(String scheme, String token, Optional<String> proof) {

    /** The value of the {@code Authorization} header. */
    public String authorizationHeader() {
        return scheme + " " + token;
    }

    /** The value of the {@code DPoP} header, when the token is DPoP-bound. */
    public Optional<String> dpopHeader() {
        return proof;
    }

    /** Never the token or the proof. */
    @Override
    public String toString() {
        return "OidcAuthorization[" + scheme + (proof.isPresent() ? ", with proof" : "") + "]";
    }
}
