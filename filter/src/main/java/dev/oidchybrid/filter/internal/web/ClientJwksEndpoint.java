package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code client-jwks-path}: the client's public keys as a JWK set (RFC 7517 §5), for providers that read the
 * client's registered {@code jwks_uri} to verify its {@code private_key_jwt} assertions. The set is made once at
 * start-up from the public halves only; GET and HEAD, anything else 405.
 */
final class ClientJwksEndpoint {

    private final String jwks;

    /** @param jwks the public JWK set (never a private part: {@code ClientKeys.publicJwks()}) */
    ClientJwksEndpoint(String jwks) {
        this.jwks = jwks;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean head = request.getMethod().equals("HEAD");
        if (!head && !request.getMethod().equals("GET")) {
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", "GET, HEAD");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!head) {
            response.getWriter().write(jwks);
        }
    }
}
