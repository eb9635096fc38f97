package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.token.ClaimRules.Problem;
import dev.oidchybrid.filter.internal.token.ClaimRules.Rule;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Applies every ID token rule of OpenID Connect Core 1.0 §3.1.3.7 (and §3.3.2.11-12 for hybrid responses):
 * signature against the provider's keys with an algorithm allow-list (never {@code none}, never HMAC), then the
 * {@link ClaimRules} and {@link IdTokenRules}. All claim problems of one token are reported together in one
 * {@code invalid_id_token} failure. Time comes from the injected clock. With an {@link IdTokenDecrypter}
 * ({@code id-token-decryption-key}) every ID token must be encrypted and is decrypted first; without one an
 * encrypted ID token is refused.
 *
 * <p>One instance per configuration; thread-safe (the jose4j consumer and the rules are built once).
 */
public final class IdTokenValidator {

    private static final String SPEC = "OpenID Connect Core 1.0 §3.1.3.7";

    /** What ID tokens must match: the configured issuer, client, clock skew, algorithms, organization, max_age. */
    public record Settings(String issuer, String clientId, Duration clockSkew, Set<String> algorithms,
                           Optional<String> organization, Optional<Long> maxAgeSeconds) {

        public static Settings from(OidcConfig config) {
            return new Settings(config.provider().issuer(), config.client().clientId(), config.timeouts().clockSkew(), config.provider().idTokenAlgorithms(),
                    config.client().organization(), config.client().maxAgeSeconds());
        }
    }

    private final Clock clock;
    private final SignedJwtVerifier verifier;
    private final List<Rule> rules;
    private final Optional<IdTokenDecrypter> decrypter;

    public IdTokenValidator(Settings settings, VerificationKeyResolver keys, Clock clock) {
        this(settings, keys, Optional.empty(), clock);
    }

    /** @param decrypter opens encrypted ID tokens, which are then required; empty: encrypted ones are refused */
    public IdTokenValidator(Settings settings, VerificationKeyResolver keys, Optional<IdTokenDecrypter> decrypter,
                            Clock clock) {
        this.clock = clock;
        this.decrypter = decrypter;
        this.verifier = new SignedJwtVerifier(settings.algorithms(), keys);
        long skew = settings.clockSkew().toSeconds();
        List<Rule> rules = new ArrayList<>(List.of(ClaimRules.required("iss", "sub", "aud", "exp", "iat"),
                ClaimRules.issuer(settings.issuer()), ClaimRules.text("sub", 255),
                ClaimRules.audience(settings.clientId(), "this client_id"),
                IdTokenRules.authorizedParty(settings.clientId()),
                ClaimRules.expiry(skew), ClaimRules.issuedAt(skew), ClaimRules.notBefore(skew)));
        settings.organization().map(IdTokenRules::organization).ifPresent(rules::add);
        settings.maxAgeSeconds().map(maxAge -> IdTokenRules.authTime(maxAge, skew)).ifPresent(rules::add);
        this.rules = List.copyOf(rules);
    }

    /** @throws OidcException {@code invalid_id_token} naming every failed rule; {@code op_unavailable} without keys */
    public ValidatedIdToken validate(String idToken, IdTokenExpectations expect) {
        String signed = signed(idToken, expect);
        JwtContext context = verifier.verify(signed, "ID token", reason -> invalid(expect, reason));
        ClaimRules.reject(problems(context, expect), reason -> invalid(expect, reason));
        return new ValidatedIdToken(signed, context.getJwtClaims().getClaimsMap());
    }

    /** The claim problems of a token whose signature verifies (empty when it is valid). */
    List<Problem> problems(String idToken, IdTokenExpectations expect) {
        return problems(verifier.verify(signed(idToken, expect), "ID token", reason -> invalid(expect, reason)),
                expect);
    }

    /**
     * The signed ID token: decrypted when encryption is configured (and then required), else as received, a JWE
     * refused. The hashes (c_hash, at_hash) then follow the signed token's {@code alg} (Core §3.3.2.11).
     */
    private String signed(String idToken, IdTokenExpectations expect) {
        if (decrypter.isPresent()) {
            try {
                return decrypter.get().decrypt(idToken);
            } catch (SignedJwtVerifier.Rejected e) {
                throw invalid(expect, "ID token " + e.getMessage());
            }
        }
        if (idToken != null && idToken.chars().filter(c -> c == '.').count() == 4) {
            throw invalid(expect, "ID token is encrypted (JWE), but id-token-decryption-key is not set: configure "
                    + "the decryption key, or register the client at the provider without ID token encryption");
        }
        return idToken;
    }

    private List<Problem> problems(JwtContext context, IdTokenExpectations expect) {
        List<Rule> exchange = IdTokenRules.of(expect, context.getJoseObjects().get(0).getAlgorithmHeaderValue());
        return ClaimRules.apply(Stream.concat(rules.stream(), exchange.stream()).toList(), context, clock);
    }

    private static OidcException invalid(IdTokenExpectations expect, String problems) {
        return new OidcException(ErrorCode.INVALID_ID_TOKEN, expect.stage() + " ID token rejected: " + problems, SPEC);
    }
}
