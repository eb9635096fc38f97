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
 * Validates a Logout Token (OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6): signature by the provider
 * (same algorithm allow-list and JWKS as ID tokens), {@code typ} {@code logout+jwt} when present, {@code iss},
 * {@code aud}, {@code iat} (not in the future, not older than {@link #MAX_AGE}), {@code exp} (required, §2.4),
 * {@code nbf}, {@code jti}, the back-channel logout event, {@code sid} and/or {@code sub}, and no {@code nonce}
 * (so an ID token cannot be replayed as a logout token). Replay of a {@code jti} is the caller's check.
 */
public final class LogoutTokenValidator {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Logout tokens older than this are refused, which also bounds how long jti values must be remembered. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final String SPEC = "OpenID Connect Back-Channel Logout 1.0 §2.6";

    /** A valid logout request: end the sessions of {@code sid} and/or {@code sub} at {@code issuer}. */
    public record LogoutRequest(String issuer, String subject, String sid, String jti, long issuedAt) {
    }

    /** What logout tokens must match: the configured issuer, client, clock skew and algorithms. */
    public record Settings(String issuer, String clientId, Duration clockSkew, Set<String> algorithms) {

        public static Settings from(OidcConfig config) {
            return new Settings(config.provider().issuer(), config.client().clientId(), config.timeouts().clockSkew(), config.provider().idTokenAlgorithms());
        }
    }

    private final Clock clock;
    private final SignedJwtVerifier verifier;
    private final List<Rule> rules;

    public LogoutTokenValidator(Settings settings, VerificationKeyResolver keys, Clock clock) {
        this.clock = clock;
        this.verifier = new SignedJwtVerifier(settings.algorithms(), keys);
        long skew = settings.clockSkew().toSeconds();
        this.rules = List.of(ClaimRules.typ("logout+jwt"),
                ClaimRules.required("iss", "aud", "iat", "exp", "jti", "events"), ClaimRules.issuer(settings.issuer()),
                ClaimRules.audience(settings.clientId(), "this client_id"), ClaimRules.issuedAt(skew),
                ClaimRules.issuedWithin(MAX_AGE, skew), ClaimRules.expiry(skew), ClaimRules.notBefore(skew),
                ClaimRules.text("jti", 256), ClaimRules.value("events", ClaimRules.MISMATCH, "events lacks the "
                        + "back-channel logout event", e -> e instanceof Map<?, ?> m && m.get(EVENT) instanceof Map),
                ClaimRules.anyOf("sid", "sub"), ClaimRules.absent("nonce", "an ID token is not a logout token"));
    }

    /** @throws OidcException {@code invalid_request} naming every failed rule; {@code op_unavailable} without keys */
    public LogoutRequest validate(String logoutToken) {
        JwtContext context = verifier.verify(logoutToken, "logout token", LogoutTokenValidator::invalid);
        ClaimRules.reject(ClaimRules.apply(rules, context, clock),
                reason -> invalid("logout token rejected: " + reason));
        Map<String, Object> claims = context.getJwtClaims().getClaimsMap();
        return new LogoutRequest((String) claims.get("iss"), claims.get("sub") instanceof String s ? s : null,
                claims.get("sid") instanceof String s ? s : null, (String) claims.get("jti"),
                ((Number) claims.get("iat")).longValue());
    }

    /** The claim problems of a token whose signature verifies (empty when it is valid). */
    List<Problem> problems(String logoutToken) {
        return ClaimRules.apply(rules, verifier.verify(logoutToken, "logout token", LogoutTokenValidator::invalid),
                clock);
    }

    private static OidcException invalid(String description) {
        return new OidcException(ErrorCode.INVALID_REQUEST, description, SPEC);
    }
}
