package dev.oidchybrid.filter.token;

import dev.oidchybrid.filter.ErrorCode;
import dev.oidchybrid.filter.OidcException;
import dev.oidchybrid.filter.config.OidcConfig;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

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
    private final JwtConsumer signatureConsumer;

    public IdTokenValidator(OidcConfig config, VerificationKeyResolver keys, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.signatureConsumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        config.idTokenAlgorithms().toArray(String[]::new)))
                .setSkipAllValidators()
                .build();
    }

    /**
     * @return the validated token
     * @throws OidcException {@code invalid_id_token} naming every failed rule, or {@code op_unavailable} when
     *                       the provider's keys cannot be fetched
     */
    public ValidatedIdToken validate(String idToken, IdTokenExpectations expect) {
        if (idToken == null || idToken.isEmpty()) {
            throw invalid(expect, "ID token missing");
        }
        if (idToken.chars().filter(c -> c == '.').count() != 2) {
            throw invalid(expect, idToken.chars().filter(c -> c == '.').count() == 4
                    ? "ID token is encrypted (JWE), which is not configured" : "ID token is not a compact JWS");
        }
        checkAlgorithmBeforeKeyLookup(idToken, expect);
        JwtContext context = verifySignature(idToken, expect);
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
        if (exp == null) {
            problems.add("exp missing");
        } else if (now >= exp + skew) {
            problems.add("expired (exp " + exp + ", now " + now + ", skew " + skew + " s)");
        }
        Long iat = numeric(map, "iat", problems);
        if (iat == null) {
            problems.add("iat missing");
        } else if (iat > now + skew) {
            problems.add("issued in the future (iat " + iat + ", now " + now + ", skew " + skew
                    + " s): check the clocks of this server and the provider");
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

    /**
     * Refuses a disallowed {@code alg} (none, HMAC, anything not configured) before any key lookup, so forged
     * tokens cannot spend the once-a-minute unknown-key JWKS refetch.
     */
    private void checkAlgorithmBeforeKeyLookup(String idToken, IdTokenExpectations expect) {
        String alg;
        try {
            alg = JsonWebStructure.fromCompactSerialization(idToken).getAlgorithmHeaderValue();
        } catch (JoseException | RuntimeException e) {
            throw invalid(expect, "signature or format rejected: not a well-formed signed JWT");
        }
        if (alg == null || !config.idTokenAlgorithms().contains(alg)) {
            String shown = alg != null && alg.matches("[A-Za-z0-9]{1,16}") ? alg : "?";
            throw invalid(expect, "signature or format rejected: algorithm '" + shown
                    + "' not allowed (id-token-algorithms)");
        }
    }

    private JwtContext verifySignature(String idToken, IdTokenExpectations expect) {
        try {
            return signatureConsumer.process(idToken);
        } catch (InvalidJwtException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof OidcException oidc) {
                    throw oidc;
                }
            }
            throw invalid(expect, "signature or format rejected: " + reason(e));
        }
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
        String organization = config.extraAuthParams().get("organization");
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

    /**
     * Why jose4j refused the token, as a fixed phrase: its own messages can quote the token or its decoded
     * claims, which must not reach a log line.
     */
    private static String reason(InvalidJwtException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return "no key in the provider's JWKS matches the token's kid and alg (after at most one refetch "
                        + "per minute)";
            }
            if (t instanceof InvalidAlgorithmException) {
                return "algorithm not allowed (id-token-algorithms)";
            }
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "signature does not verify";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "unsigned token";
        }
        return "not a well-formed signed JWT";
    }

}
