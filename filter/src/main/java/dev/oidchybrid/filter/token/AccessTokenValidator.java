package dev.oidchybrid.filter.token;

import dev.oidchybrid.filter.ErrorCode;
import dev.oidchybrid.filter.OidcException;
import dev.oidchybrid.filter.config.OidcConfig;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates JWT access tokens for bearer mode (RFC 9068 §4; RFC 7519): signature by the provider (JWKS,
 * algorithm allow-list), {@code typ} {@code at+jwt} or {@code JWT} when present (never a logout token),
 * {@code iss}, {@code aud} containing the configured {@code audience}, {@code exp} (required), {@code nbf},
 * {@code iat} not in the future, and {@code sub}. Scopes come from {@code scope} (space-separated) or
 * {@code scp} (array).
 */
public final class AccessTokenValidator {

    private static final String SPEC = "RFC 9068 §4";

    /** A valid access token: its claims (unmodifiable) and scopes. */
    public record ValidatedAccessToken(String raw, Map<String, Object> claims, Set<String> scopes) {

        @SuppressWarnings("unchecked")
        public ValidatedAccessToken {
            claims = (Map<String, Object>) ValidatedIdToken.freeze(claims);
            scopes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        }

        public String subject() {
            return (String) claims.get("sub");
        }

        public String issuer() {
            return (String) claims.get("iss");
        }
    }

    private final OidcConfig config;
    private final Clock clock;
    private final SignedJwtVerifier verifier;
    private final String audience;

    public AccessTokenValidator(OidcConfig config, VerificationKeyResolver keys, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.verifier = new SignedJwtVerifier(config.idTokenAlgorithms(), keys);
        this.audience = config.extraAuthParams().get("audience");
    }

    /**
     * @throws OidcException {@code invalid_token}-class failure ({@code INVALID_ID_TOKEN} code) naming every failed
     *                       rule, or {@code op_unavailable} when the provider's keys cannot be fetched
     */
    public ValidatedAccessToken validate(String token) {
        JwtContext context;
        try {
            context = verifier.verify(token);
        } catch (SignedJwtVerifier.Rejected e) {
            throw invalid("access token " + e.getMessage());
        }
        String typ = context.getJoseObjects().get(0).getHeader("typ");
        Map<String, Object> claims = context.getJwtClaims().getClaimsMap();
        List<String> problems = new ArrayList<>();
        if (typ != null && !typ.toLowerCase(Locale.ROOT).matches("(application/)?at\\+jwt|jwt")) {
            problems.add("typ '" + (typ.matches("[A-Za-z0-9+/.\\-]{1,32}") ? typ : "?") + "' is not an access token type");
        }
        if (!config.issuer().equals(claims.get("iss"))) {
            problems.add("iss is not the configured issuer");
        }
        Object aud = claims.get("aud");
        if (!(audience.equals(aud) || aud instanceof List<?> list && list.contains(audience))) {
            problems.add("aud does not contain the configured audience");
        }
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();
        if (!(claims.get("exp") instanceof Number exp)) {
            problems.add("exp missing");
        } else if (now >= exp.longValue() + skew) {
            problems.add("expired");
        }
        if (claims.get("nbf") instanceof Number nbf && nbf.longValue() > now + skew) {
            problems.add("not yet valid (nbf)");
        }
        if (claims.get("iat") instanceof Number iat && iat.longValue() > now + skew) {
            problems.add("issued in the future (iat)");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            problems.add("sub missing");
        }
        if (!problems.isEmpty()) {
            throw invalid("access token rejected: " + String.join("; ", problems));
        }
        return new ValidatedAccessToken(token, claims, scopes(claims));
    }

    private static Set<String> scopes(Map<String, Object> claims) {
        Set<String> scopes = new LinkedHashSet<>();
        if (claims.get("scope") instanceof String scope) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        if (claims.get("scp") instanceof List<?> scp) {
            scp.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
        }
        return scopes;
    }

    private static OidcException invalid(String description) {
        return new OidcException(ErrorCode.INVALID_ID_TOKEN, description, SPEC);
    }
}
