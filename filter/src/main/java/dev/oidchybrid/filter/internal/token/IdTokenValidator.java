package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies every ID token rule of OpenID Connect Core 1.0 §3.1.3.7 (and §3.3.2.11-12 for hybrid responses):
 * signature against the provider's keys with an algorithm allow-list (never {@code none}, never HMAC),
 * {@code iss}, {@code aud}, {@code azp}, {@code exp}, {@code iat}, {@code nbf}, {@code sub}, {@code nonce},
 * {@code c_hash}, {@code at_hash} and {@code auth_time} with {@code max_age}. All claim problems of one token
 * are reported together in one {@code invalid_id_token} failure. Time comes from the injected clock.
 *
 * <p>One instance per configuration; thread-safe (the jose4j consumer is built once).
 */
public final class IdTokenValidator {

    private static final String SPEC = "OpenID Connect Core 1.0 §3.1.3.7";

    private final OidcConfig config;
    private final Clock clock;
    private final SignedJwtVerifier verifier;

    public IdTokenValidator(OidcConfig config, VerificationKeyResolver keys, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.verifier = new SignedJwtVerifier(config.idTokenAlgorithms(), keys);
    }

    /**
     * @return the validated token
     * @throws OidcException {@code invalid_id_token} naming every failed rule, or {@code op_unavailable} when
     *                       the provider's keys cannot be fetched
     */
    public ValidatedIdToken validate(String idToken, IdTokenExpectations expect) {
        JwtContext context;
        try {
            context = verifier.verify(idToken);
        } catch (SignedJwtVerifier.Rejected e) {
            throw invalid(expect, "ID token " + e.getMessage());
        }
        JwtClaims claims = context.getJwtClaims();
        String alg = context.getJoseObjects().get(0).getAlgorithmHeaderValue();
        List<String> problems = new ArrayList<>();
        Map<String, Object> map = claims.getClaimsMap();
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();

        checkIssuer(map, problems);
        checkSubject(map, problems);
        checkAudience(map, problems);
        Long exp = numeric(map, "exp", problems);
        Long iat = numeric(map, "iat", problems);
        if (exp == null) {
            problems.add("exp missing");
        } else if (now >= exp + skew) {
            problems.add("expired (exp " + exp + ", now " + now + ", clock-skew " + skew + " s)"
                    + (iat != null && now - iat > skew
                    ? ": it was issued (iat) " + (now - iat) + " s before this server's time; if the provider has "
                    + "just issued it, this server's clock is about " + (now - iat) + " s ahead of the provider's: "
                    + "synchronise it (NTP) or raise clock-skew"
                    : ""));
        }
        if (iat == null) {
            problems.add("iat missing");
        } else if (iat > now + skew) {
            problems.add("issued in the future (iat " + iat + ", now " + now + ", clock-skew " + skew + " s): "
                    + "this server's clock is at least " + (iat - now) + " s behind the provider's: synchronise "
                    + "it (NTP) or raise clock-skew");
        }
        Long nbf = numeric(map, "nbf", problems);
        if (nbf != null && nbf > now + skew) {
            problems.add("not yet valid (nbf " + nbf + ", now " + now + ")");
        }
        checkNonce(map, expect, problems);
        checkHash(map, "c_hash", expect.code(), expect.cHashRequired(), alg, problems);
        checkHash(map, "at_hash", expect.accessToken(), expect.atHashRequired(), alg, problems);
        checkOrganization(map, problems);
        config.maxAgeSeconds().ifPresent(maxAge -> {
            Long authTime = numeric(map, "auth_time", problems);
            if (authTime == null) {
                problems.add("auth_time missing although max_age was requested");
            } else if (authTime + maxAge + skew < now) {
                problems.add("auth_time " + authTime + " is older than max_age " + maxAge + " s");
            }
        });
        if (!problems.isEmpty()) {
            throw invalid(expect, String.join("; ", problems));
        }
        return new ValidatedIdToken(idToken, map);
    }



    private void checkIssuer(Map<String, Object> map, List<String> problems) {
        Object iss = map.get("iss");
        if (iss == null) {
            problems.add("iss missing");
        } else if (!config.issuer().equals(iss)) {
            problems.add("iss '" + iss + "' is not the configured issuer");
        }
    }

    private static void checkSubject(Map<String, Object> map, List<String> problems) {
        Object sub = map.get("sub");
        if (!(sub instanceof String s) || s.isEmpty()) {
            problems.add("sub missing or not a string");
        } else if (s.length() > 255) {
            problems.add("sub longer than 255 characters");
        }
    }

    private void checkAudience(Map<String, Object> map, List<String> problems) {
        Object aud = map.get("aud");
        List<String> audiences = new ArrayList<>();
        if (aud instanceof String s) {
            audiences.add(s);
        } else if (aud instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    problems.add("aud contains a non-string value");
                    return;
                }
                audiences.add(s);
            }
        }
        if (audiences.isEmpty()) {
            problems.add("aud missing");
            return;
        }
        if (!audiences.contains(config.clientId())) {
            problems.add("aud does not contain this client_id");
        }
        Object azp = map.get("azp");
        if (audiences.size() > 1 && azp == null) {
            problems.add("aud has several values but azp is missing");
        }
        if (azp != null && !config.clientId().equals(azp)) {
            problems.add("azp is not this client_id");
        }
    }

    /**
     * With a configured Auth0 {@code organization}, the token must be for it: {@code org_id} for an id
     * ({@code org_...}), {@code org_name} (case-insensitive) for a name. Otherwise a user of another
     * organization could be let in.
     */
    private void checkOrganization(Map<String, Object> map, List<String> problems) {
        String organization = config.client().organization().orElse(null);
        if (organization == null) {
            return;
        }
        boolean byId = organization.startsWith("org_");
        Object claimed = map.get(byId ? "org_id" : "org_name");
        if (claimed == null) {
            problems.add((byId ? "org_id" : "org_name") + " missing although organization is configured");
        } else if (!(claimed instanceof String s) || !(byId ? s.equals(organization) : s.equalsIgnoreCase(organization))) {
            problems.add((byId ? "org_id" : "org_name") + " is not the configured organization");
        }
    }

    private static void checkNonce(Map<String, Object> map, IdTokenExpectations expect, List<String> problems) {
        if (expect.nonce() == null) {
            return;
        }
        Object nonce = map.get("nonce");
        if (nonce == null) {
            problems.add("nonce missing");
        } else if (!(nonce instanceof String s) || !MessageDigest.isEqual(
                s.getBytes(StandardCharsets.UTF_8), expect.nonce().getBytes(StandardCharsets.UTF_8))) {
            problems.add("nonce does not match the one sent");
        }
    }

    private static void checkHash(Map<String, Object> map, String claim, String value, boolean required, String alg,
                                  List<String> problems) {
        Object claimed = map.get(claim);
        if (claimed == null) {
            if (required) {
                problems.add(claim + " missing (required, OpenID Connect Core 1.0 §3.3.2.11)");
            }
            return;
        }
        if (value == null) {
            return;
        }
        if (!(claimed instanceof String s) || !TokenHashes.matches(s, value, alg)) {
            problems.add(claim + " does not match the " + (claim.equals("c_hash") ? "code" : "access token"));
        }
    }

    private static Long numeric(Map<String, Object> map, String claim, List<String> problems) {
        Object value = map.get(claim);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        problems.add(claim + " is not a number");
        return null;
    }

    private static OidcException invalid(IdTokenExpectations expect, String problems) {
        return new OidcException(ErrorCode.INVALID_ID_TOKEN,
                expect.stage() + " ID token rejected: " + problems, SPEC);
    }

}
