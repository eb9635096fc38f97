package dev.oidchybrid.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Switches that make a running {@link DevProvider} misbehave, so tests can prove the relying party notices.
 * All are off by default and {@link #reset()} turns them all off; a test usually sets one in its body and
 * resets in {@code @AfterEach}/{@code @BeforeEach}. One action lives here too: {@link #rotateSigningKey()}
 * changes the provider's keys for good ({@code reset()} does not undo it).
 *
 * <p>Thread-safe: every switch is a volatile field holding an immutable value, read once per request, so a change
 * applies to the next request. Setters return {@code this} for chaining.
 *
 * <p>To add a fault: add a volatile field whose default is the "off" value, a fluent setter, a package-private
 * reader for the endpoint that applies it, and a line in {@link #reset()}. (A test checks that {@code reset()}
 * restores every volatile field to its default, so a forgotten line fails the build.)
 */
public final class ProviderFaults {

    /** An injected token endpoint failure: HTTP status and OAuth error code. */
    record TokenEndpointError(int status, String errorCode) {
    }

    private final SigningKeyStore keys;

    private volatile BiConsumer<TokenStage, JwtClaims> idTokenCustomizer;
    private volatile Map<TokenStage, SignatureFault> signatureFaults = Map.of();
    private volatile List<String> jwksExtraEntries = List.of();
    private volatile String authorizationResponseIss;
    private volatile boolean omitAuthorizationResponseIss;
    private volatile boolean omitRefreshIdToken;
    private volatile UnaryOperator<Map<String, String>> authorizationResponseOverride;
    private volatile TokenEndpointError tokenEndpointError;
    private volatile Duration tokenEndpointDelay = Duration.ZERO;
    private volatile String discoveryIssuerOverride;
    private volatile java.util.function.Consumer<Map<String, Object>> discoveryCustomizer;
    private volatile boolean discoveryUnavailable;
    private volatile AssertionAudience clientAssertionAudience;
    private volatile TokenEndpointError parEndpointError;
    private volatile Duration parEndpointDelay = Duration.ZERO;
    private volatile boolean ignoreDpopProofs;
    private volatile boolean rejectEveryDpopNonce;
    private volatile java.util.Set<TokenStage> unencryptedIdTokens = java.util.Set.of();
    private volatile IdTokenEncryption idTokenEncryption;
    private volatile String acrOverride;
    private volatile boolean ignoreMaxAge;
    private volatile boolean tokenEndpointUnavailable;
    private volatile boolean jwksUnavailable;

    ProviderFaults(SigningKeyStore keys) {
        this.keys = keys;
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
     * Protects the ID tokens issued at {@code stage} wrongly in the way {@code fault} describes; the claims stay
     * valid ({@code c_hash}/{@code at_hash} included) and tokens of other stages and access tokens are unaffected.
     *
     * @param stage the stage whose ID tokens to break
     * @param fault the fault, or null to sign that stage's ID tokens correctly again
     * @return this
     */
    public ProviderFaults signatureFault(TokenStage stage, SignatureFault fault) {
        Objects.requireNonNull(stage, "stage");
        synchronized (this) {
            Map<TokenStage, SignatureFault> next = new EnumMap<>(TokenStage.class);
            next.putAll(signatureFaults);
            if (fault == null) {
                next.remove(stage);
            } else {
                next.put(stage, fault);
            }
            signatureFaults = Map.copyOf(next);
        }
        return this;
    }

    /**
     * Rotates the signing key: a new key of the same algorithm with a new {@code kid} signs every token from now
     * on, and the JWKS publishes it first, followed by the keys published before (so tokens they signed keep
     * verifying). Not undone by {@link #reset()}.
     *
     * @return this
     */
    public ProviderFaults rotateSigningKey() {
        return rotateSigningKey(true);
    }

    /**
     * Rotates the signing key like {@link #rotateSigningKey()}; with {@code keepOldKeyInJwks} false the JWKS
     * publishes only the new key, as after an emergency rotation. Not undone by {@link #reset()}.
     *
     * @param keepOldKeyInJwks whether the keys published so far stay in the JWKS
     * @return this
     */
    public ProviderFaults rotateSigningKey(boolean keepOldKeyInJwks) {
        keys.rotate(keepOldKeyInJwks);
        return this;
    }

    /**
     * Appends raw entries to the JWKS {@code keys} array, after the provider's keys, verbatim: e.g. a key of an
     * unknown type ({@code {"kty":"XYZ","kid":"x"}}) or an encryption key ({@code "use":"enc"}), which a relying
     * party must skip (RFC 7517, 5). Replaces earlier entries; no arguments removes them.
     *
     * @param rawJwkJson JSON objects
     * @return this
     * @throws IllegalArgumentException when an entry is not a JSON object
     */
    public ProviderFaults jwksExtraEntries(String... rawJwkJson) {
        for (String entry : rawJwkJson) {
            try {
                JsonUtil.parseJson(Objects.requireNonNull(entry, "entry"));
            } catch (JoseException | RuntimeException e) {
                throw new IllegalArgumentException("not a JSON object: " + entry, e);
            }
        }
        this.jwksExtraEntries = List.copyOf(Arrays.asList(rawJwkJson));
        return this;
    }

    /**
     * Puts {@code iss} instead of the real issuer into the {@code iss} parameter of every authorization response
     * (RFC 9207, 2), as a mix-up attacker's provider would.
     *
     * @param iss the value to send, or null to send the real issuer
     * @return this
     */
    public ProviderFaults authorizationResponseIss(String iss) {
        this.authorizationResponseIss = iss;
        return this;
    }

    /**
     * Leaves the {@code iss} parameter out of every authorization response, although discovery keeps advertising
     * {@code authorization_response_iss_parameter_supported} (RFC 9207, 2.4). Wins over
     * {@link #authorizationResponseIss(String)}.
     *
     * @param omit true to leave it out
     * @return this
     */
    public ProviderFaults omitAuthorizationResponseIss(boolean omit) {
        this.omitAuthorizationResponseIss = omit;
        return this;
    }

    /**
     * Answers refresh grants without an {@code id_token}, as many providers do (OpenID Connect Core §12.2 makes
     * it optional).
     *
     * @param omit true to leave the ID token out of refresh responses
     * @return this
     */
    public ProviderFaults omitRefreshIdToken(boolean omit) {
        this.omitRefreshIdToken = omit;
        return this;
    }

    /**
     * Last chance to alter every authorization response, success or error, before it is delivered: the operator
     * gets the final parameters (after the {@code iss} faults) in a mutable map and returns the ones to send (it
     * may change and return the same map); null values are left out. E.g.
     * {@code params -> { params.remove("code"); return params; }}.
     *
     * @param override the operator, or null to deliver responses unchanged
     * @return this
     */
    public ProviderFaults authorizationResponseOverride(UnaryOperator<Map<String, String>> override) {
        this.authorizationResponseOverride = override;
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
     * Makes the token endpoint answer every request 503 {@code {"error":"temporarily_unavailable"}} with
     * {@code Retry-After: 1} (after any {@link #tokenEndpointDelay}), as a provider that is down for a while; unlike
     * {@link #tokenEndpointError}, it can be switched off again on its own, so a run can take the endpoint down and
     * bring it back while other faults stay. {@link #tokenEndpointError} wins while both are set.
     *
     * @param unavailable true to fail, false to answer as usual again
     * @return this
     */
    public ProviderFaults tokenEndpointUnavailable(boolean unavailable) {
        this.tokenEndpointUnavailable = unavailable;
        return this;
    }

    /**
     * Makes the JWKS endpoint answer 503 {@code {"error":"temporarily_unavailable"}} with {@code Retry-After: 1}: a
     * relying party that has the keys already must keep verifying with them.
     *
     * @param unavailable true to fail, false to serve the key set again
     * @return this
     */
    public ProviderFaults jwksUnavailable(boolean unavailable) {
        this.jwksUnavailable = unavailable;
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

    /**
     * Changes the discovery document before it is served: remove or replace members to play a provider that
     * advertises less (or other things) than this one supports, e.g. for configuration self-checks.
     *
     * @param customizer edits the document (a mutable map of its members), or null for the plain document
     * @return this
     */
    public ProviderFaults discoveryCustomizer(java.util.function.Consumer<Map<String, Object>> customizer) {
        this.discoveryCustomizer = customizer;
        return this;
    }

    /**
     * Makes the token and pushed authorization request endpoints accept only one kind of client assertion
     * {@code aud} (RFC 7523, 3): only the issuer, or only the token endpoint URL; by default both (and at the PAR
     * endpoint its own URL) are accepted.
     *
     * @param only the one accepted audience, or null to accept all again
     * @return this
     */
    public ProviderFaults clientAssertionAudience(AssertionAudience only) {
        this.clientAssertionAudience = only;
        return this;
    }

    /**
     * Makes the pushed authorization request endpoint answer every request with {@code status} and
     * {@code {"error":"<errorCode>"}} (after any {@link #parEndpointDelay}): e.g. 503
     * {@code temporarily_unavailable} for a provider that is down, 400 {@code invalid_request} for one that
     * refuses the push.
     *
     * @param status    an HTTP status, 100..599
     * @param errorCode the OAuth error code
     * @return this
     */
    public ProviderFaults parEndpointError(int status, String errorCode) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.parEndpointError = new TokenEndpointError(status, Objects.requireNonNull(errorCode, "errorCode"));
        return this;
    }

    /**
     * Makes the pushed authorization request endpoint wait {@code delay} before answering.
     *
     * @param delay the delay; zero turns the fault off
     * @return this
     */
    public ProviderFaults parEndpointDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.parEndpointDelay = delay;
        return this;
    }

    /**
     * Makes the token endpoint ignore {@code DPoP} headers, answering {@code token_type: Bearer} with unbound
     * tokens, as a provider without DPoP support does (RFC 9449, 5), so a client that asked for DPoP must notice
     * the downgrade.
     *
     * @param ignore true to ignore proofs
     * @return this
     */
    public ProviderFaults ignoreDpopProofs(boolean ignore) {
        this.ignoreDpopProofs = ignore;
        return this;
    }

    /**
     * Answers every DPoP proof, at the token endpoint and at userinfo, with {@code use_dpop_nonce} and a fresh
     * {@code DPoP-Nonce} (RFC 9449, 8 and 9), whatever nonce it carries, so a client's nonce retry must be bounded.
     *
     * @param reject true to reject every nonce
     * @return this
     */
    public ProviderFaults rejectEveryDpopNonce(boolean reject) {
        this.rejectEveryDpopNonce = reject;
        return this;
    }

    /**
     * Sends the ID tokens of {@code stages} signed but not encrypted, also to a client registered for ID token
     * encryption ({@link ClientRegistration#withIdTokenEncryption}), so a client that requires encryption must
     * refuse them (a downgrade). No stages: every ID token is encrypted as registered again.
     *
     * @param stages the stages whose ID tokens go out unencrypted
     * @return this
     */
    public ProviderFaults unencryptedIdTokens(TokenStage... stages) {
        this.unencryptedIdTokens = stages.length == 0 ? java.util.Set.of()
                : java.util.Set.copyOf(java.util.EnumSet.copyOf(Arrays.asList(stages)));
        return this;
    }

    /**
     * Encrypts the ID tokens of clients registered for ID token encryption with {@code algorithm} and
     * {@code encryption} instead of the registered ones (to the client's {@code use: enc} key of the algorithm's
     * type), e.g. {@code RSA1_5} or {@code A128CBC-HS256}, which a careful client refuses.
     *
     * @param algorithm  one of {@link IdTokenEncryption#ALGORITHMS}, or null to use the registered ones again
     * @param encryption one of {@link IdTokenEncryption#ENCRYPTIONS} (ignored when {@code algorithm} is null)
     * @return this
     */
    public ProviderFaults idTokenEncryption(String algorithm, String encryption) {
        this.idTokenEncryption = algorithm == null ? null : new IdTokenEncryption(algorithm, encryption);
        return this;
    }

    IdTokenEncryption idTokenEncryption() {
        return idTokenEncryption;
    }

    boolean unencryptedIdToken(TokenStage stage) {
        return unencryptedIdTokens.contains(stage);
    }

    boolean ignoreDpopProofs() {
        return ignoreDpopProofs;
    }

    boolean rejectEveryDpopNonce() {
        return rejectEveryDpopNonce;
    }

    TokenEndpointError parEndpointError() {
        return parEndpointError;
    }

    Duration parEndpointDelay() {
        return parEndpointDelay;
    }

    AssertionAudience clientAssertionAudience() {
        return clientAssertionAudience;
    }

    java.util.function.Consumer<Map<String, Object>> discoveryCustomizer() {
        return discoveryCustomizer;
    }

    /**
     * Makes the provider ignore {@code acr_values}: no step-up login page for them, and every token states
     * {@code acr} (or none when it is empty), as a provider without that authentication level would.
     *
     * @param acr the {@code acr} of every token, {@code ""} for none, or null to honour {@code acr_values} again
     * @return this
     */
    public ProviderFaults acrOverride(String acr) {
        this.acrOverride = acr;
        return this;
    }

    /**
     * Makes the provider ignore {@code max_age} and {@code prompt=login} while the browser has an SSO session: it
     * answers at once, and the tokens keep the old {@code auth_time}.
     *
     * @param ignore true to ignore them
     * @return this
     */
    public ProviderFaults ignoreMaxAge(boolean ignore) {
        this.ignoreMaxAge = ignore;
        return this;
    }

    String acrOverride() {
        return acrOverride;
    }

    boolean ignoreMaxAge() {
        return ignoreMaxAge;
    }

    /** Turns every fault off (a {@linkplain #rotateSigningKey() rotated key} stays). */
    public void reset() {
        idTokenCustomizer = null;
        signatureFaults = Map.of();
        jwksExtraEntries = List.of();
        authorizationResponseIss = null;
        omitAuthorizationResponseIss = false;
        omitRefreshIdToken = false;
        authorizationResponseOverride = null;
        tokenEndpointError = null;
        tokenEndpointDelay = Duration.ZERO;
        discoveryIssuerOverride = null;
        discoveryCustomizer = null;
        discoveryUnavailable = false;
        clientAssertionAudience = null;
        parEndpointError = null;
        parEndpointDelay = Duration.ZERO;
        ignoreDpopProofs = false;
        rejectEveryDpopNonce = false;
        unencryptedIdTokens = java.util.Set.of();
        idTokenEncryption = null;
        acrOverride = null;
        ignoreMaxAge = false;
        tokenEndpointUnavailable = false;
        jwksUnavailable = false;
    }

    BiConsumer<TokenStage, JwtClaims> idTokenCustomizer() {
        return idTokenCustomizer;
    }

    /** The fault for ID tokens of {@code stage}, or null to sign correctly. */
    SignatureFault signatureFault(TokenStage stage) {
        return signatureFaults.get(stage);
    }

    /** The extra JWKS entries (named apart from the varargs setter, which a no-argument call must reach). */
    List<String> extraJwksEntries() {
        return jwksExtraEntries;
    }

    String authorizationResponseIss() {
        return authorizationResponseIss;
    }

    boolean omitRefreshIdToken() {
        return omitRefreshIdToken;
    }

    boolean omitAuthorizationResponseIss() {
        return omitAuthorizationResponseIss;
    }

    UnaryOperator<Map<String, String>> authorizationResponseOverride() {
        return authorizationResponseOverride;
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

    boolean tokenEndpointUnavailable() {
        return tokenEndpointUnavailable;
    }

    boolean jwksUnavailable() {
        return jwksUnavailable;
    }
}
