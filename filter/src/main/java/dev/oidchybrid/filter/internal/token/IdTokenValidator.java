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
 * {@code invalid_id_token} failure. Time comes from the injected clock.
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

    public IdTokenValidator(Settings settings, VerificationKeyResolver keys, Clock clock) {
        this.clock = clock;
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
        JwtContext context = verifier.verify(idToken, "ID token", reason -> invalid(expect, reason));
        ClaimRules.reject(problems(context, expect), reason -> invalid(expect, reason));
        return new ValidatedIdToken(idToken, context.getJwtClaims().getClaimsMap());
    }

    /** The claim problems of a token whose signature verifies (empty when it is valid). */
    List<Problem> problems(String idToken, IdTokenExpectations expect) {
        return problems(verifier.verify(idToken, "ID token", reason -> invalid(expect, reason)), expect);
    }

    private List<Problem> problems(JwtContext context, IdTokenExpectations expect) {
        List<Rule> exchange = IdTokenRules.of(expect, context.getJoseObjects().get(0).getAlgorithmHeaderValue());
        return ClaimRules.apply(Stream.concat(rules.stream(), exchange.stream()).toList(), context, clock);
    }

    private static OidcException invalid(IdTokenExpectations expect, String problems) {
        return new OidcException(ErrorCode.INVALID_ID_TOKEN, expect.stage() + " ID token rejected: " + problems, SPEC);
    }
}
