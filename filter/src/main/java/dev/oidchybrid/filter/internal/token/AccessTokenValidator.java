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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates JWT access tokens for bearer mode (RFC 9068 §4; RFC 7519): signature by the provider (JWKS,
 * algorithm allow-list), the token type ({@link AccessTokenClaims}: never an ID token or a logout token),
 * {@code iss}, {@code aud} containing the configured {@code audience}, {@code exp} (required), {@code nbf},
 * {@code iat} not in the future, and {@code sub}. Scopes come from {@code scope} (space-separated) or
 * {@code scp} (array). A {@code cnf} claim must be an object; its {@code jkt} binds the token to a DPoP key
 * (RFC 9449 §6.1), which {@link DpopProofValidator} checks.
 */
public final class AccessTokenValidator {

    private static final String SPEC = "RFC 9068 §4";

    /** What access tokens must match: issuer, audience, clock skew, algorithms, whether untyped JWTs are taken. */
    public record Settings(String issuer, String audience, Duration clockSkew, Set<String> algorithms,
                           boolean plainJwt) {

        public static Settings from(OidcConfig config) {
            return new Settings(config.provider().issuer(), config.client().audience().orElse(null), config.timeouts().clockSkew(),
                    config.provider().idTokenAlgorithms(), config.bearer().plainJwtAccessTokens());
        }
    }

    private final Clock clock;
    private final SignedJwtVerifier verifier;
    private final List<Rule> rules;

    public AccessTokenValidator(Settings settings, VerificationKeyResolver keys, Clock clock) {
        this.clock = clock;
        this.verifier = new SignedJwtVerifier(settings.algorithms(), keys);
        long skew = settings.clockSkew().toSeconds();
        this.rules = List.of(AccessTokenClaims.typeRule(settings.plainJwt()),
                ClaimRules.required("iss", "aud", "exp", "sub"), ClaimRules.issuer(settings.issuer()),
                ClaimRules.audience(settings.audience(), "the configured audience"),
                ClaimRules.expiry(skew), ClaimRules.notBefore(skew), ClaimRules.issuedAt(skew),
                ClaimRules.text("sub", Integer.MAX_VALUE), AccessTokenClaims.confirmationRule());
    }

    /** @throws OidcException {@code invalid_access_token} naming every failed rule; {@code op_unavailable} (keys) */
    public ValidatedAccessToken validate(String token) {
        JwtContext context = verifier.verify(token, "access token", AccessTokenValidator::invalid);
        ClaimRules.reject(ClaimRules.apply(rules, context, clock),
                reason -> invalid("access token rejected: " + reason));
        Map<String, Object> claims = context.getJwtClaims().getClaimsMap();
        return new ValidatedAccessToken(token, claims, AccessTokenClaims.scopes(claims));
    }

    /** The claim problems of a token whose signature verifies (empty when it is valid). */
    List<Problem> problems(String token) {
        return ClaimRules.apply(rules, verifier.verify(token, "access token", AccessTokenValidator::invalid), clock);
    }

    private static OidcException invalid(String description) {
        return new OidcException(ErrorCode.INVALID_ACCESS_TOKEN, description, SPEC);
    }
}
