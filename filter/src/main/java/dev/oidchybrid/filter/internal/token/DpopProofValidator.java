package dev.oidchybrid.filter.internal.token;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a DPoP proof presented with a DPoP-bound access token at a resource (RFC 9449 §4.3, §7.1): one
 * compact JWS of at most {@value #MAX_PROOF_LENGTH} characters, {@code typ} {@code dpop+jwt}, an asymmetric
 * algorithm of {@link #ALGORITHMS}, a public {@code jwk} header (no private part) whose key verifies the
 * signature; {@code jti} (at most {@value #MAX_JTI_LENGTH} characters, used once within the window), {@code htm}
 * and {@code htu} of the request ({@link DpopTargets}), {@code iat} within the window (past) and the clock skew
 * (future), {@code ath} the hash of the access token, and the key's RFC 7638 thumbprint equal to the token's
 * {@code cnf.jkt}, and with {@link DpopNonces} a current server {@code nonce} (§9). Pure apart from the injected
 * {@link Replays}; every problem is reported at once, and the
 * {@code jti} is spent only by a proof that passes everything else, so refused proofs fill no store.
 */
public final class DpopProofValidator {

    /** Asymmetric JWS algorithms accepted for proofs, as the {@code algs} parameter of a challenge lists them. */
    public static final String ALGS = "ES256 ES384 ES512 PS256 PS384 PS512 EdDSA RS256 RS384 RS512";
    /** {@link #ALGS} as a set. */
    public static final Set<String> ALGORITHMS = Set.of(ALGS.split(" "));
    public static final int MAX_PROOF_LENGTH = 8192;
    public static final int MAX_JTI_LENGTH = 64;
    /** How old a proof's {@code iat} may be (clock skew added). */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    /** The proof is no compact JWS, or its header or payload is no JSON object. */
    public static final String FORMAT = "format";
    /** {@code typ} is not {@code dpop+jwt}. */
    public static final String TYP = "typ";
    /** {@code alg} is not an accepted asymmetric algorithm. */
    public static final String ALGORITHM = "alg";
    /** The {@code jwk} header is missing, not a public key, or carries a private part. */
    public static final String KEY = "jwk";
    /** The signature does not verify with the {@code jwk}. */
    public static final String SIGNATURE = "signature";
    /** The {@code jti} was seen already within the window. */
    public static final String REPLAYED = "replayed";
    public static final String MISSING = ClaimRules.MISSING;
    public static final String TYPE = ClaimRules.TYPE;
    public static final String MISMATCH = ClaimRules.MISMATCH;
    public static final String TOO_OLD = ClaimRules.TOO_OLD;
    public static final String FUTURE = ClaimRules.FUTURE;
    public static final String TOO_LONG = ClaimRules.TOO_LONG;

    /** One failed rule: the part ({@code typ}, {@code jwk}, a claim, {@code DPoP} for the header), the rule, a text safe to log. */
    public record Problem(String part, String rule, String text) {
    }

    /** The proof key's thumbprint when the proof is valid ({@code problems} empty), else the problems. */
    public record Result(String thumbprint, List<Problem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }

        /** Whether the proof failed only for want of a current server nonce: {@code use_dpop_nonce} (RFC 9449 §9). */
        public boolean needsNonce() {
            return !problems.isEmpty() && problems.stream().allMatch(p -> p.part().equals("nonce"));
        }

        /** The problems' texts, for one log line. */
        public String describe() {
            return String.join("; ", problems.stream().map(Problem::text).toList());
        }
    }

    /** Where used {@code jti}s are remembered (per proof key), on this node or in the cluster. */
    @FunctionalInterface
    public interface Replays {
        /** Records {@code key} as used until {@code expiresAt}; false when it already was. */
        boolean firstUse(String key, Instant expiresAt, Instant now);
    }

    /** The proof algorithms the FAPI 2.0 Security Profile allows (§5.4.1), as a challenge lists them. */
    public static final String FAPI2_ALGS = "ES256 PS256 EdDSA";

    private final Duration clockSkew;
    private final Replays replays;
    private final Optional<DpopNonces> nonces;
    private final List<String> algorithms;

    /** A validator that asks for no server nonce. */
    public DpopProofValidator(Duration clockSkew, Replays replays) {
        this(clockSkew, replays, Optional.empty());
    }

    /** @param nonces the nonces proofs must carry ({@code dpop-nonce}), or empty for none */
    public DpopProofValidator(Duration clockSkew, Replays replays, Optional<DpopNonces> nonces) {
        this(clockSkew, replays, nonces, ALGS);
    }

    /**
     * @param algs the accepted proof algorithms, space-separated: {@link #ALGS} or a part of it such as
     *             {@link #FAPI2_ALGS}
     */
    public DpopProofValidator(Duration clockSkew, Replays replays, Optional<DpopNonces> nonces, String algs) {
        this.clockSkew = clockSkew;
        this.replays = replays;
        this.nonces = nonces;
        this.algorithms = List.of(algs.split(" "));
        if (!ALGORITHMS.containsAll(algorithms)) {
            throw new IllegalArgumentException("not accepted proof algorithms: " + algs);
        }
    }

    /** The accepted proof algorithms, space-separated, for the {@code algs} of a challenge (RFC 9449 §7.1). */
    public String algs() {
        return String.join(" ", algorithms);
    }

    /** The nonce to hand out now in {@code DPoP-Nonce}, when nonces are required. */
    public Optional<String> nonce() {
        return nonces.map(DpopNonces::current);
    }

    /**
     * How long a used {@code jti} must be remembered with {@code clockSkew}: until no proof carrying it can pass the
     * {@code iat} rule any more.
     */
    public static Duration retention(Duration clockSkew) {
        return WINDOW.plus(clockSkew.multipliedBy(2));
    }

    /**
     * @param proof       the one {@code DPoP} header's value
     * @param method      the request's method
     * @param htu         the request's URL as the client sees it (base URL and path; query and fragment ignored)
     * @param accessToken the access token presented with the proof
     * @param boundJkt    the token's {@code cnf.jkt}, or null when it has none
     */
    public Result validate(String proof, String method, String htu, String accessToken, String boundJkt,
                           Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (proof == null || proof.isEmpty()) {
            return failed(new Problem("DPoP", MISSING, "no DPoP proof"));
        }
        if (proof.length() > MAX_PROOF_LENGTH) {
            return failed(new Problem("DPoP", TOO_LONG, "DPoP proof longer than " + MAX_PROOF_LENGTH + " characters"));
        }
        JsonWebSignature jws;
        try {
            if (proof.chars().filter(c -> c == '.').count() != 2) {
                throw new JoseException("not compact");
            }
            jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(proof);
        } catch (JoseException | RuntimeException e) {
            return failed(new Problem("DPoP", FORMAT, "DPoP proof is not a compact JWS"));
        }
        String typ = jws.getHeader("typ");
        if (typ == null || !typ.equalsIgnoreCase("dpop+jwt")) {
            problems.add(new Problem("typ", TYP, "DPoP proof typ is not dpop+jwt"));
        }
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !algorithms.contains(alg)) {
            problems.add(new Problem("alg", ALGORITHM, "DPoP proof algorithm '" + (alg != null
                    && alg.matches("[A-Za-z0-9]{1,16}") ? alg : "?") + "' is not an accepted asymmetric one"));
        }
        Optional<PublicJsonWebKey> key = DpopProofKeys.publicKey(jws, problems);
        if (!problems.isEmpty() || key.isEmpty()) {
            return new Result(null, problems);
        }
        Map<String, Object> claims;
        try {
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    algorithms.toArray(String[]::new)));
            jws.setKey(key.get().getKey());
            if (!jws.verifySignature()) {
                return failed(new Problem("signature", SIGNATURE, "DPoP proof signature does not verify with its jwk"));
            }
            claims = org.jose4j.jwt.JwtClaims.parse(jws.getPayload()).getClaimsMap();
        } catch (JoseException | org.jose4j.jwt.consumer.InvalidJwtException | RuntimeException e) {
            return failed(new Problem("signature", SIGNATURE, "DPoP proof signature or payload rejected"));
        }
        checkClaims(claims, method, htu, accessToken, now, problems);
        String thumbprint = DpopProofKeys.thumbprint(key.get());
        if (boundJkt == null) {
            problems.add(new Problem("cnf.jkt", MISSING, "the access token is not DPoP-bound (no cnf.jkt)"));
        } else if (thumbprint == null || !MessageDigest.isEqual(boundJkt.getBytes(StandardCharsets.UTF_8),
                thumbprint.getBytes(StandardCharsets.UTF_8))) {
            problems.add(new Problem("cnf.jkt", MISMATCH, "the proof key is not the key the access token is bound to"));
        }
        if (problems.isEmpty() && !replays.firstUse(thumbprint + " " + claims.get("jti"),
                now.plus(retention(clockSkew)), now)) {
            problems.add(new Problem("jti", REPLAYED, "DPoP proof jti already used (a replayed proof)"));
        }
        return new Result(problems.isEmpty() ? thumbprint : null, problems);
    }

    private void checkClaims(Map<String, Object> claims, String method, String htu, String accessToken, Instant now,
                             List<Problem> problems) {
        for (String claim : List.of("jti", "htm", "htu", "iat", "ath")) {
            Object value = claims.get(claim);
            if (value == null) {
                problems.add(new Problem(claim, MISSING, "DPoP proof " + claim + " missing"));
            } else if (claim.equals("iat") ? !(value instanceof Number) : !(value instanceof String s) || s.isEmpty()) {
                problems.add(new Problem(claim, TYPE, "DPoP proof " + claim + " has the wrong type"));
            }
        }
        if (claims.get("jti") instanceof String jti && jti.length() > MAX_JTI_LENGTH) {
            problems.add(new Problem("jti", TOO_LONG, "DPoP proof jti longer than " + MAX_JTI_LENGTH + " characters"));
        }
        if (claims.get("htm") instanceof String htm && !htm.isEmpty() && !htm.equals(method)) {
            problems.add(new Problem("htm", MISMATCH, "DPoP proof htm is not the request's method " + method));
        }
        if (claims.get("htu") instanceof String proofHtu && !proofHtu.isEmpty()) {
            Optional<String> expected = DpopTargets.normalise(htu);
            if (expected.isEmpty() || !expected.equals(DpopTargets.normalise(proofHtu))) {
                problems.add(new Problem("htu", MISMATCH, "DPoP proof htu is not this request's URL "
                        + expected.orElse("?")));
            }
        }
        if (claims.get("iat") instanceof Number iat) {
            long seconds = iat.longValue();
            if (seconds < now.minus(WINDOW).minus(clockSkew).getEpochSecond()) {
                problems.add(new Problem("iat", TOO_OLD, "DPoP proof iat older than " + WINDOW.toSeconds() + " s"));
            } else if (seconds > now.plus(clockSkew).getEpochSecond()) {
                problems.add(new Problem("iat", FUTURE, "DPoP proof iat in the future"));
            }
        }
        nonces.ifPresent(issued -> {
            Object nonce = claims.get("nonce");
            if (nonce == null) {
                problems.add(new Problem("nonce", MISSING, "DPoP proof without the nonce this API requires"));
            } else if (!(nonce instanceof String value) || !issued.accepts(value)) {
                problems.add(new Problem("nonce", MISMATCH, "DPoP proof nonce is not a current one of this API"));
            }
        });
        if (claims.get("ath") instanceof String ath && !ath.isEmpty() && !MessageDigest.isEqual(
                ath.getBytes(StandardCharsets.UTF_8), ath(accessToken).getBytes(StandardCharsets.US_ASCII))) {
            problems.add(new Problem("ath", MISMATCH, "DPoP proof ath is not the hash of the access token"));
        }
    }

    /** The {@code ath} of an access token: base64url of its SHA-256 (RFC 9449 §4.2). */
    public static String ath(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result failed(Problem problem) {
        return new Result(null, List.of(problem));
    }
}
