package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.token.ClaimRules.Problem;
import dev.oidchybrid.filter.internal.token.ClaimRules.Rule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import static dev.oidchybrid.filter.internal.token.ClaimRules.MISMATCH;
import static dev.oidchybrid.filter.internal.token.ClaimRules.MISSING;
import static dev.oidchybrid.filter.internal.token.ClaimRules.TOO_OLD;

/**
 * The claim rules only ID tokens have (OpenID Connect Core 1.0 §3.1.3.7, §3.3.2.11-12): {@code azp},
 * {@code nonce}, {@code c_hash}, {@code at_hash}, {@code auth_time} with {@code max_age}, and Auth0's
 * organization claims. The rules shared with other tokens are in {@link ClaimRules}.
 */
final class IdTokenRules {

    private IdTokenRules() {
    }

    /** Several audiences need an {@code azp}; an {@code azp} must be this client. */
    static Rule authorizedParty(String clientId) {
        return (token, problems) -> {
            List<String> audiences = ClaimRules.audiences(token.get("aud"));
            Object azp = token.get("azp");
            if (azp == null && audiences != null && audiences.size() > 1) {
                problems.add(new Problem("azp", MISSING, "aud has several values but azp is missing"));
            }
            if (azp != null && !clientId.equals(azp)) {
                problems.add(new Problem("azp", MISMATCH, "azp is not this client_id"));
            }
        };
    }

    /**
     * With a configured Auth0 {@code organization}, the token must be for it: {@code org_id} for an id
     * ({@code org_...}), {@code org_name} (case-insensitive) for a name. Otherwise a user of another
     * organization could be let in.
     */
    static Rule organization(String organization) {
        boolean byId = organization.startsWith("org_");
        String claim = byId ? "org_id" : "org_name";
        return (token, problems) -> {
            Object claimed = token.get(claim);
            if (claimed == null) {
                problems.add(new Problem(claim, MISSING, claim + " missing although organization is configured"));
            } else if (!(claimed instanceof String s)
                    || !(byId ? s.equals(organization) : s.equalsIgnoreCase(organization))) {
                problems.add(new Problem(claim, MISMATCH, claim + " is not the configured organization"));
            }
        };
    }

    /** With {@code max_age} requested, {@code auth_time} is present and not older than it (§3.1.3.7 item 13). */
    static Rule authTime(long maxAge, long skew) {
        return (token, problems) -> {
            if (token.get("auth_time") == null) {
                problems.add(new Problem("auth_time", MISSING, "auth_time missing although max_age was requested"));
                return;
            }
            Long authTime = ClaimRules.number(token, "auth_time", problems);
            if (authTime != null && authTime + maxAge + skew < token.now()) {
                problems.add(new Problem("auth_time", TOO_OLD,
                        "auth_time " + authTime + " is older than max_age " + maxAge + " s"));
            }
        };
    }

    /** The rules of one exchange: the nonce sent, and the hashes of the code and access token received. */
    static List<Rule> of(IdTokenExpectations expect, String alg) {
        return List.of(nonce(expect.nonce()),
                hash("c_hash", "code", expect.code(), expect.cHashRequired(), alg),
                hash("at_hash", "access token", expect.accessToken(), expect.atHashRequired(), alg));
    }

    /** The token carries exactly the nonce sent, when one was sent (compared in constant time). */
    static Rule nonce(String expected) {
        return (token, problems) -> {
            if (expected == null) {
                return;
            }
            Object nonce = token.get("nonce");
            if (nonce == null) {
                problems.add(new Problem("nonce", MISSING, "nonce missing"));
            } else if (!(nonce instanceof String s) || !MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                problems.add(new Problem("nonce", MISMATCH, "nonce does not match the one sent"));
            }
        };
    }

    /** {@code claim} (c_hash, at_hash), when present and the value is known, is the half hash of it. */
    static Rule hash(String claim, String of, String value, boolean required, String alg) {
        return (token, problems) -> {
            Object claimed = token.get(claim);
            if (claimed == null) {
                if (required) {
                    problems.add(new Problem(claim, MISSING,
                            claim + " missing (required, OpenID Connect Core 1.0 §3.3.2.11)"));
                }
            } else if (value != null && (!(claimed instanceof String s) || !TokenHashes.matches(s, value, alg))) {
                problems.add(new Problem(claim, MISMATCH, claim + " does not match the " + of));
            }
        };
    }
}
