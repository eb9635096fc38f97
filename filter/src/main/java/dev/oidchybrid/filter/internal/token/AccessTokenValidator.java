package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.OidcConfig;
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
 * algorithm allow-list), {@code typ} {@code at+jwt}, or (with {@code access-token-types} {@code jwt}) {@code JWT}
 * or none but then without any ID-token marker (never an ID token or a logout token),
 * {@code iss}, {@code aud} containing the configured {@code audience}, {@code exp} (required), {@code nbf},
 * {@code iat} not in the future, and {@code sub}. Scopes come from {@code scope} (space-separated) or
 * {@code scp} (array).
 */
public final class AccessTokenValidator {

    private static final String SPEC = "RFC 9068 §4";
    /**
     * Claims only access tokens carry: RFC 9068's {@code client_id} and {@code scope}, Okta's {@code scp} and
     * {@code cid}, Entra's {@code scp}, {@code azp} (v2) and {@code appid} (v1), Auth0's and Keycloak's
     * {@code azp} and {@code scope}. An untyped JWT with none of them is taken for an ID token.
     */
    static final List<String> ACCESS_TOKEN_EVIDENCE = List.of("scope", "scp", "client_id", "cid", "azp", "appid");

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
        this.audience = config.client().audience().orElse(null);
    }

    /**
     * @throws OidcException {@code INVALID_ACCESS_TOKEN} naming every failed rule, or {@code op_unavailable} when
     *                       the provider's keys cannot be fetched
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
        String type = typ == null ? null : typ.toLowerCase(Locale.ROOT);
        boolean atJwt = type != null && type.matches("(application/)?at\\+jwt");
        boolean plainJwt = type == null || type.equals("jwt") || type.equals("application/jwt");
        if (!atJwt && !(plainJwt && config.plainJwtAccessTokens())) {
            problems.add("typ '" + (typ == null ? "(none)" : typ.matches("[A-Za-z0-9+/.\\-]{1,32}") ? typ : "?")
                    + "' is not an accepted access token type (access-token-types)");
        } else if (!atJwt) {
            idTokenMarker(claims).ifPresent(marker -> problems.add("an ID token, not an access token (" + marker
                    + "; a provider that types its access tokens at+jwt is never mistaken)"));
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

    /**
     * What makes an untyped JWT an ID token (or a logout token) rather than an access token (OpenID Connect Core §2,
     * §3.1.3.6, §3.3.2.11; Back-Channel Logout §2.4; Keycloak's payload {@code typ}), or empty when it has none.
     */
    static java.util.Optional<String> idTokenMarker(Map<String, Object> claims) {
        for (String claim : List.of("nonce", "at_hash", "c_hash", "s_hash", "events")) {
            if (claims.containsKey(claim)) {
                return java.util.Optional.of("it carries " + claim);
            }
        }
        if (claims.get("typ") instanceof String payloadType && payloadType.equalsIgnoreCase("ID")) {
            return java.util.Optional.of("its payload typ is ID");
        }
        boolean granted = claims.containsKey("scope") || claims.containsKey("scp") || claims.containsKey("roles");
        Object aud = claims.get("aud");
        Object singleAud = aud instanceof List<?> list && list.size() == 1 ? list.get(0) : aud;
        if (claims.get("azp") instanceof String azp && azp.equals(singleAud) && !granted) {
            return java.util.Optional.of("azp equals aud and it grants nothing (no scope, scp or roles)");
        }
        // a refreshed ID token has no nonce and often no hashes: an untyped access token must name its client
        if (ACCESS_TOKEN_EVIDENCE.stream().noneMatch(claims::containsKey)) {
            return java.util.Optional.of("it has none of " + String.join(", ", ACCESS_TOKEN_EVIDENCE));
        }
        return java.util.Optional.empty();
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
        return new OidcException(ErrorCode.INVALID_ACCESS_TOKEN, description, SPEC);
    }
}
