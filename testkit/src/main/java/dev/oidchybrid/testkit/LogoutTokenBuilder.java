package dev.oidchybrid.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.jose4j.jwt.JwtClaims;

/**
 * Builds one logout token of a {@link DevProvider} (OpenID Connect Back-Channel Logout 1.0, 2.4) with every
 * option; get one from {@link DevProvider#logoutTokenBuilder()}:
 *
 * <pre>{@code
 * String token = op.logoutTokenBuilder()
 *         .clientId("other-client")                   // aud; default demo-client
 *         .subject(DemoUser.alice().subject())
 *         .sid(sid)
 *         .customizer(claims -> claims.setClaim("nonce", "n"))
 *         .signatureFault(SignatureFault.NO_KID)
 *         .build();
 * }</pre>
 *
 * <p>The token is signed like the provider's ID tokens (current key, its {@code alg} and {@code kid}) with the
 * header {@code typ: logout+jwt}; see {@link DevProvider#logoutToken(String, String)} for its claims. Setters
 * return {@code this}; {@link #build()} may be called more than once (every token gets a new {@code jti}).
 * Not thread-safe.
 */
public final class LogoutTokenBuilder {

    private final DevProvider provider;
    private String clientId = DevProvider.DEMO_CLIENT_ID;
    private String subject;
    private String sid;
    private Consumer<JwtClaims> customizer;
    private SignatureFault signatureFault;

    LogoutTokenBuilder(DevProvider provider) {
        this.provider = provider;
    }

    /**
     * The client to log out: the token's {@code aud}. Default {@value DevProvider#DEMO_CLIENT_ID}; need not be
     * registered.
     *
     * @param clientId the client id; not blank
     * @return this
     */
    public LogoutTokenBuilder clientId(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        this.clientId = clientId;
        return this;
    }

    /**
     * The {@code sub} claim.
     *
     * @param subject the subject, or null to leave the claim out (default)
     * @return this
     */
    public LogoutTokenBuilder subject(String subject) {
        this.subject = subject;
        return this;
    }

    /**
     * The {@code sid} claim: the provider session to end, as in the ID tokens issued in it.
     *
     * @param sid the session id, or null to leave the claim out (default)
     * @return this
     */
    public LogoutTokenBuilder sid(String sid) {
        this.sid = sid;
        return this;
    }

    /**
     * Changes the claims just before signing; it may add, change or remove any claim, including {@code sub},
     * {@code sid} and {@code events}.
     *
     * @param customizer the customizer, or null for none (default)
     * @return this
     */
    public LogoutTokenBuilder customizer(Consumer<JwtClaims> customizer) {
        this.customizer = customizer;
        return this;
    }

    /**
     * Protects the token wrongly, as for ID tokens ({@link SignatureFault}); the {@code typ: logout+jwt} header
     * is kept (inside the JWE for {@link SignatureFault#ENCRYPTED}).
     *
     * @param fault the fault, or null to sign correctly (default)
     * @return this
     */
    public LogoutTokenBuilder signatureFault(SignatureFault fault) {
        this.signatureFault = fault;
        return this;
    }

    /**
     * Mints the token.
     *
     * @return the compact JWS (a compact JWE for {@link SignatureFault#ENCRYPTED})
     * @throws IllegalArgumentException when neither a subject nor a sid is set (a customizer may still remove
     *                                  both)
     * @throws IllegalStateException    when the provider was never started (the issuer is not known yet)
     */
    public String build() {
        if (subject == null && sid == null) {
            throw new IllegalArgumentException("a logout token needs a subject or a sid (or both)");
        }
        return provider.issueLogoutToken(clientId, subject, sid, customizer, signatureFault);
    }
}
