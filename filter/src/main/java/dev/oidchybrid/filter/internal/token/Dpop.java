package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.config.DpopSettings;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * A filter's DPoP client side (RFC 9449): makes each login session's key, proofs with that key carrying the
 * nonce the target's server last gave, and the rule for the token type an answer must have. One per filter
 * instance; the keys themselves live in the sessions ({@link TokenSet#dpopKey()}).
 */
public final class Dpop {

    private final DpopSettings settings;
    private final DpopNonceMemory nonces;
    private final Clock clock;
    private final SecureRandom random;
    private final RandomTokens jtis;

    public Dpop(DpopSettings settings, DpopNonceMemory nonces, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.nonces = nonces;
        this.clock = clock;
        this.random = random;
        this.jtis = new RandomTokens(random);
    }

    /** Whether token requests carry proofs at all. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** A new key for a login session that is about to redeem its code; empty when DPoP is off. */
    public Optional<DpopKey> newKey() {
        return enabled() ? Optional.of(DpopKey.generate(settings.algorithm(), random)) : Optional.empty();
    }

    /** A proof of {@code key} for one request, with the nonce {@code url}'s server last gave (if any). */
    public String proof(DpopKey key, String method, String url, String accessToken) {
        return key.proof(method, url, accessToken, nonces.forUrl(url).orElse(null), clock, jtis);
    }

    /** Whether {@code url}'s server gave a nonce (so a {@code use_dpop_nonce} answer can be retried with it). */
    public boolean hasNonceFor(String url) {
        return nonces.forUrl(url).isPresent();
    }

    /** Remembers the {@code DPoP-Nonce} a response from {@code url} carried. */
    public void rememberNonce(String url, String nonce) {
        nonces.remember(url, nonce);
    }

    /**
     * Whether a token response of {@code tokenType}, answering a request made with (or without) a proof, may be
     * used: DPoP-bound when a proof was sent, unless {@code dpop=optional} takes a Bearer answer; Bearer when none
     * was sent. Anything else would present a token in a way its server does not accept, or lose the binding.
     */
    public boolean acceptable(String tokenType, boolean proofSent) {
        boolean dpop = "DPoP".equalsIgnoreCase(tokenType);
        boolean bearer = "Bearer".equalsIgnoreCase(tokenType);
        if (!proofSent) {
            return bearer;
        }
        return dpop || bearer && settings.mode() == DpopSettings.Mode.OPTIONAL;
    }
}
