package dev.oidchybrid.filter.internal.flow;

import java.util.Optional;

/**
 * The provider's answer to a pushed authorization request (RFC 9126 §2.2): the {@code request_uri} the browser
 * takes to the authorization endpoint, and how many seconds it is valid. It is used once, right away: every
 * login pushes anew, so a request URI is never reused and its lifetime never outlives the redirect.
 *
 * @param requestUri       the reference to the pushed request
 * @param expiresInSeconds its lifetime, when the provider gave one (always positive)
 */
public record PushedAuthorizationResponse(String requestUri, Optional<Long> expiresInSeconds) {

    /** Never the request URI itself: it stands for the pushed request until it expires. */
    @Override
    public String toString() {
        return "PushedAuthorizationResponse[expiresInSeconds=" + expiresInSeconds + "]";
    }
}
