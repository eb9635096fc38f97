package dev.oidchybrid.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jose4j.jwt.JwtClaims;

/**
 * Switches that make a running {@link DevProvider} misbehave, so tests can prove the relying party notices.
 * All are off by default and {@link #reset()} turns them all off; a test usually sets one in its body and
 * resets in {@code @AfterEach}/{@code @BeforeEach}.
 *
 * <p>Thread-safe: every switch is a volatile field read once per request, so a change applies to the next
 * request. Setters return {@code this} for chaining.
 *
 * <p>To add a fault: add a volatile field whose default is the "off" value, a fluent setter, a package-private
 * reader for the endpoint that applies it, and a line in {@link #reset()}. (A test checks that {@code reset()}
 * restores every field to its default, so a forgotten line fails the build.)
 */
public final class ProviderFaults {

    /** An injected token endpoint failure: HTTP status and OAuth error code. */
    record TokenEndpointError(int status, String errorCode) {
    }

    private volatile BiConsumer<TokenStage, JwtClaims> idTokenCustomizer;
    private volatile TokenEndpointError tokenEndpointError;
    private volatile Duration tokenEndpointDelay = Duration.ZERO;
    private volatile String discoveryIssuerOverride;
    private volatile boolean discoveryUnavailable;

    ProviderFaults() {
    }

    /**
     * Calls {@code customizer} with every ID token's claims just before it is signed, in all stages; the
     * customizer may add, change or remove any claim (e.g. remove {@code nonce}, move {@code exp} into the past,
     * set a foreign {@code aud}). The token is still signed with the provider's key.
     *
     * @param customizer the customizer, or null to stop customizing
     * @return this
     */
    public ProviderFaults idTokenCustomizer(BiConsumer<TokenStage, JwtClaims> customizer) {
        this.idTokenCustomizer = customizer;
        return this;
    }

    /**
     * Makes the token endpoint answer every request with {@code status} and the JSON body
     * {@code {"error":"<errorCode>"}} (after any {@link #tokenEndpointDelay}), without looking at the request.
     *
     * @param status    an HTTP status, 100..599 (e.g. 400, 500, 503)
     * @param errorCode the OAuth error code (e.g. {@code invalid_grant}, {@code temporarily_unavailable})
     * @return this
     */
    public ProviderFaults tokenEndpointError(int status, String errorCode) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.tokenEndpointError = new TokenEndpointError(status, Objects.requireNonNull(errorCode, "errorCode"));
        return this;
    }

    /**
     * Makes the token endpoint wait {@code delay} before answering (to test the relying party's timeouts).
     *
     * @param delay the delay; zero turns the fault off
     * @return this
     */
    public ProviderFaults tokenEndpointDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.tokenEndpointDelay = delay;
        return this;
    }

    /**
     * Makes the discovery document advertise {@code issuer} instead of the real issuer (tokens keep the real
     * one), which a relying party must refuse (OpenID Connect Discovery 1.0, 4.3).
     *
     * @param issuer the advertised issuer, or null to advertise the real one
     * @return this
     */
    public ProviderFaults discoveryIssuerOverride(String issuer) {
        this.discoveryIssuerOverride = issuer;
        return this;
    }

    /**
     * Makes the discovery endpoint answer 503.
     *
     * @param unavailable true to fail, false to serve the document again
     * @return this
     */
    public ProviderFaults discoveryUnavailable(boolean unavailable) {
        this.discoveryUnavailable = unavailable;
        return this;
    }

    /** Turns every fault off. */
    public void reset() {
        idTokenCustomizer = null;
        tokenEndpointError = null;
        tokenEndpointDelay = Duration.ZERO;
        discoveryIssuerOverride = null;
        discoveryUnavailable = false;
    }

    BiConsumer<TokenStage, JwtClaims> idTokenCustomizer() {
        return idTokenCustomizer;
    }

    TokenEndpointError tokenEndpointError() {
        return tokenEndpointError;
    }

    Duration tokenEndpointDelay() {
        return tokenEndpointDelay;
    }

    String discoveryIssuerOverride() {
        return discoveryIssuerOverride;
    }

    boolean discoveryUnavailable() {
        return discoveryUnavailable;
    }
}
