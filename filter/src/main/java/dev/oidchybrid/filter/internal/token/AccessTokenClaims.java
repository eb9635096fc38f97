package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.token.ClaimRules.Problem;
import dev.oidchybrid.filter.internal.token.ClaimRules.Rule;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an access token's claims say beyond the shared {@link ClaimRules}: whether it is an access token at all,
 * not an ID token or a logout token signed by the same provider (RFC 9068 §2.1, §4): {@code typ} {@code at+jwt},
 * or (with {@code access-token-types} {@code jwt}) {@code JWT} or none but then without any ID-token marker
 * (otherwise a user's ID token would open an API whose audience is the client id); and which scopes it grants.
 */
final class AccessTokenClaims {

    /**
     * Claims only access tokens carry: RFC 9068's {@code client_id} and {@code scope}, Okta's {@code scp} and
     * {@code cid}, Entra's {@code scp}, {@code azp} (v2) and {@code appid} (v1), Auth0's and Keycloak's
     * {@code azp} and {@code scope}. An untyped JWT with none of them is taken for an ID token.
     */
    static final List<String> ACCESS_TOKEN_EVIDENCE = List.of("scope", "scp", "client_id", "cid", "azp", "appid");

    private AccessTokenClaims() {
    }

    /** The {@code typ} rule; {@code plainJwt} accepts {@code JWT} or no {@code typ} without ID-token markers. */
    static Rule typeRule(boolean plainJwt) {
        return (token, problems) -> {
            String typ = token.typ();
            String type = typ == null ? null : typ.toLowerCase(Locale.ROOT);
            boolean atJwt = type != null && type.matches("(application/)?at\\+jwt");
            boolean plainType = type == null || type.equals("jwt") || type.equals("application/jwt");
            if (!atJwt && !(plainType && plainJwt)) {
                problems.add(new Problem("typ", ClaimRules.MISMATCH, "typ '" + (typ == null ? "(none)"
                        : typ.matches("[A-Za-z0-9+/.\\-]{1,32}") ? typ : "?")
                        + "' is not an accepted access token type (access-token-types)"));
            } else if (!atJwt) {
                idTokenMarker(token.claims()).ifPresent(marker -> problems.add(new Problem("typ", ClaimRules.MISMATCH,
                        "an ID token, not an access token (" + marker
                                + "; a provider that types its access tokens at+jwt is never mistaken)")));
            }
        };
    }

    /**
     * What makes an untyped JWT an ID token (or a logout token) rather than an access token (OpenID Connect Core §2,
     * §3.1.3.6, §3.3.2.11; Back-Channel Logout §2.4; Keycloak's payload {@code typ}), or empty when it has none.
     */
    static Optional<String> idTokenMarker(Map<String, Object> claims) {
        for (String claim : List.of("nonce", "at_hash", "c_hash", "s_hash", "events")) {
            if (claims.containsKey(claim)) {
                return Optional.of("it carries " + claim);
            }
        }
        if (claims.get("typ") instanceof String payloadType && payloadType.equalsIgnoreCase("ID")) {
            return Optional.of("its payload typ is ID");
        }
        boolean granted = claims.containsKey("scope") || claims.containsKey("scp") || claims.containsKey("roles");
        Object aud = claims.get("aud");
        Object singleAud = aud instanceof List<?> list && list.size() == 1 ? list.get(0) : aud;
        if (claims.get("azp") instanceof String azp && azp.equals(singleAud) && !granted) {
            return Optional.of("azp equals aud and it grants nothing (no scope, scp or roles)");
        }
        // a refreshed ID token has no nonce and often no hashes: an untyped access token must name its client
        if (ACCESS_TOKEN_EVIDENCE.stream().noneMatch(claims::containsKey)) {
            return Optional.of("it has none of " + String.join(", ", ACCESS_TOKEN_EVIDENCE));
        }
        return Optional.empty();
    }

    /** The scopes from {@code scope} (space-separated) or {@code scp} (an array, as Okta and Entra send it). */
    static Set<String> scopes(Map<String, Object> claims) {
        Set<String> scopes = new LinkedHashSet<>();
        if (claims.get("scope") instanceof String scope) {
            scopes.addAll(ClaimValues.words(scope));
        }
        if (claims.get("scp") instanceof List<?> scp) {
            scopes.addAll(ClaimValues.words(scp));
        }
        return scopes;
    }

    /**
     * The confirmation rule (RFC 7800 §3.1, RFC 9449 §6.1): {@code cnf}, when present, is a JSON object, and its
     * {@code jkt}, when present, a non-empty string, so a bound token is never taken for an unbound one. A token
     * bound by any other confirmation method ({@code x5t#S256} of mTLS, RFC 8705 §3.1; {@code jwk}, {@code kid},
     * {@code jku} of RFC 7800) is refused: this resource cannot check that binding, and ignoring it would take a
     * stolen sender-constrained token as a plain Bearer one.
     */
    static Rule confirmationRule() {
        return (token, problems) -> {
            Object cnf = token.get("cnf");
            if (cnf != null && (!(cnf instanceof Map<?, ?> members)
                    || members.get("jkt") != null && !(members.get("jkt") instanceof String jkt && !jkt.isEmpty()))) {
                problems.add(new Problem("cnf", ClaimRules.TYPE, "cnf is not an object with a string jkt"));
            } else if (cnf instanceof Map<?, ?> members && members.keySet().stream().anyMatch(m -> !"jkt".equals(m))) {
                problems.add(new Problem("cnf", ClaimRules.MISMATCH, "cnf binds the token by a confirmation "
                        + "method other than DPoP's jkt (such as an mTLS certificate, x5t#S256), which this API "
                        + "cannot verify"));
            }
        };
    }

    /** The {@code cnf.jkt} of claims that passed {@link #confirmationRule()}, or empty for an unbound token. */
    static Optional<String> boundKey(Map<String, Object> claims) {
        return claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
                ? Optional.of(jkt) : Optional.empty();
    }
}
