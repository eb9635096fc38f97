package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.config.StepUp;

import java.time.Instant;

/**
 * A login that was started and awaits its callback: everything needed to check the authorization response
 * and redeem the code. Sealed into a cookie by {@link PendingLoginSealer}, so no server memory is needed and
 * any node can finish the login.
 *
 * @param state        the {@code state} sent (CSRF protection, RFC 6749 §10.12)
 * @param nonce        the {@code nonce} sent (OpenID Connect Core 1.0 §3.1.2.1)
 * @param codeVerifier the PKCE verifier (RFC 7636)
 * @param returnPath   where to go after login: a path (and query) within the application
 * @param issuedAt     when the login started
 * @param redirectUri  the exact {@code redirect_uri} sent, to repeat at the token endpoint
 * @param restarted    whether this login replaced one that had gone stale (it is not restarted again)
 * @param stepUp       what the new authentication must prove ({@code acr}, {@code auth_time}); {@link StepUp#NONE}
 *                     for an ordinary login
 */
public record PendingLogin(String state, String nonce, String codeVerifier, String returnPath, Instant issuedAt,
                           String redirectUri, boolean restarted, StepUp stepUp) {

    public PendingLogin {
        stepUp = stepUp == null ? StepUp.NONE : stepUp;
    }

    /** An ordinary login, restarted or not. */
    public PendingLogin(String state, String nonce, String codeVerifier, String returnPath, Instant issuedAt,
                        String redirectUri, boolean restarted) {
        this(state, nonce, codeVerifier, returnPath, issuedAt, redirectUri, restarted, StepUp.NONE);
    }

    /** A login started by a visit to a protected page. */
    public PendingLogin(String state, String nonce, String codeVerifier, String returnPath, Instant issuedAt,
                        String redirectUri) {
        this(state, nonce, codeVerifier, returnPath, issuedAt, redirectUri, false);
    }

    @Override
    public String toString() {
        return "PendingLogin[issuedAt=" + issuedAt + ", returnPath=" + returnPath + ", restarted=" + restarted
                + (stepUp.isNone() ? "" : ", stepUp=" + stepUp) + "]";
    }
}
