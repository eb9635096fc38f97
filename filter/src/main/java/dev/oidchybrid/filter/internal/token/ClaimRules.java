package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.OidcException;
import org.jose4j.jwt.consumer.JwtContext;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The claim rules that ID tokens, logout tokens and access tokens share (RFC 7519 §4.1; OpenID Connect Core 1.0
 * §3.1.3.7; Back-Channel Logout 1.0 §2.6; RFC 9068 §4). A rule looks at one claim and adds a {@link Problem} for
 * each failure; a validator is the list of rules it applies, so every problem of a token is reported at once.
 * A rule passes over an absent claim: {@link #required} says which claims must be there.
 */
final class ClaimRules {

    /** The claim is absent (or, for {@code aud}, an empty array). */
    static final String MISSING = "missing";
    /** The claim has the wrong JSON type (a non-number time, a non-string {@code aud} entry, an empty string). */
    static final String TYPE = "type";
    /** The claim is not the expected value. */
    static final String MISMATCH = "mismatch";
    /** {@code exp} has passed, clock skew included. */
    static final String EXPIRED = "expired";
    /** {@code iat} or {@code nbf} lies in the future beyond the clock skew. */
    static final String FUTURE = "future";
    /** The claim ({@code iat}, {@code auth_time}) is older than allowed. */
    static final String TOO_OLD = "too_old";
    static final String TOO_LONG = "too_long";
    /** A claim that must not be there. */
    static final String PRESENT = "present";

    /** One failed rule: the claim, the rule (one of the constants above) and the text for the operator's log. */
    record Problem(String claim, String rule, String text) {
    }

    /** One verified token at one instant: its {@code typ} header (or null), its claims, now in epoch seconds. */
    record Token(String typ, Map<String, Object> claims, long now) {

        static Token of(JwtContext context, Clock clock) {
            return new Token(context.getJoseObjects().get(0).getHeader("typ"), context.getJwtClaims().getClaimsMap(),
                    clock.instant().getEpochSecond());
        }

        Object get(String claim) {
            return claims.get(claim);
        }
    }

    /** A claim rule; stateless, so one list of rules serves every request. */
    @FunctionalInterface
    interface Rule {
        void check(Token token, List<Problem> problems);
    }

    private ClaimRules() {
    }

    /** The problems of a verified token under {@code rules}, now by {@code clock}; empty when it is valid. */
    static List<Problem> apply(List<Rule> rules, JwtContext context, Clock clock) {
        Token token = Token.of(context, clock);
        List<Problem> problems = new ArrayList<>();
        rules.forEach(rule -> rule.check(token, problems));
        return List.copyOf(problems);
    }

    /** Throws {@code failure} of all the problems' texts when there is any. */
    static void reject(List<Problem> problems, Function<String, OidcException> failure) {
        if (!problems.isEmpty()) {
            throw failure.apply(describe(problems));
        }
    }

    /** The texts of all problems, for one log line. */
    static String describe(List<Problem> problems) {
        return String.join("; ", problems.stream().map(Problem::text).toList());
    }

    static Rule required(String... claims) {
        return (token, problems) -> {
            for (String claim : claims) {
                if (token.get(claim) == null) {
                    problems.add(new Problem(claim, MISSING, claim + " missing"));
                }
            }
        };
    }

    static Rule issuer(String expected) {
        return (token, problems) -> {
            Object iss = token.get("iss");
            if (iss != null && !expected.equals(iss)) {
                problems.add(new Problem("iss", MISMATCH, "iss '" + iss + "' is not the configured issuer"));
            }
        };
    }

    /**
     * {@code aud} is a string or an array of strings, and contains {@code expected}; {@code named} says what
     * {@code expected} is in the log ("this client_id").
     */
    static Rule audience(String expected, String named) {
        return (token, problems) -> {
            Object aud = token.get("aud");
            if (aud == null) {
                return;
            }
            List<String> audiences = audiences(aud);
            if (audiences == null) {
                problems.add(new Problem("aud", TYPE, aud instanceof List<?> ? "aud contains a non-string value"
                        : "aud is neither a string nor an array of strings"));
            } else if (audiences.isEmpty()) {
                problems.add(new Problem("aud", MISSING, "aud missing"));
            } else if (!audiences.contains(expected)) {
                problems.add(new Problem("aud", MISMATCH, "aud does not contain " + named));
            }
        };
    }

    /** The audiences of {@code aud}: empty when absent, null when it is not a string or an array of strings. */
    static List<String> audiences(Object aud) {
        if (aud == null) {
            return List.of();
        }
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return null;
    }

    /** {@code exp} is a number and now is before it, allowing {@code skew} seconds. */
    static Rule expiry(long skew) {
        return (token, problems) -> {
            Long exp = number(token, "exp", problems);
            long now = token.now();
            if (exp != null && now >= exp + skew) {
                Long iat = token.get("iat") instanceof Number n ? n.longValue() : null;
                problems.add(new Problem("exp", EXPIRED, "expired (exp " + exp + ", now " + now + ", clock-skew "
                        + skew + " s)" + (iat != null && now - iat > skew
                        ? ": it was issued (iat) " + (now - iat) + " s before this server's time; if the provider has "
                        + "just issued it, this server's clock is about " + (now - iat) + " s ahead of the "
                        + "provider's: synchronise it (NTP) or raise clock-skew"
                        : "")));
            }
        };
    }

    /** {@code iat} is a number and not after now beyond {@code skew} seconds. */
    static Rule issuedAt(long skew) {
        return (token, problems) -> {
            Long iat = number(token, "iat", problems);
            long now = token.now();
            if (iat != null && iat > now + skew) {
                problems.add(new Problem("iat", FUTURE, "issued in the future (iat " + iat + ", now " + now
                        + ", clock-skew " + skew + " s): this server's clock is at least " + (iat - now) + " s behind "
                        + "the provider's: synchronise it (NTP) or raise clock-skew"));
            }
        };
    }

    /** {@code iat}, when a number, is not older than {@code maxAge} plus {@code skew} seconds. */
    static Rule issuedWithin(Duration maxAge, long skew) {
        return (token, problems) -> {
            if (token.get("iat") instanceof Number iat && iat.longValue() < token.now() - maxAge.toSeconds() - skew) {
                problems.add(new Problem("iat", TOO_OLD, "iat older than " + maxAge.toMinutes() + " minutes"));
            }
        };
    }

    /** {@code nbf} is a number and not after now beyond {@code skew} seconds. */
    static Rule notBefore(long skew) {
        return (token, problems) -> {
            Long nbf = number(token, "nbf", problems);
            if (nbf != null && nbf > token.now() + skew) {
                problems.add(new Problem("nbf", FUTURE, "not yet valid (nbf " + nbf + ", now " + token.now() + ")"));
            }
        };
    }

    /** The claim is a non-empty string of at most {@code maxLength} characters. */
    static Rule text(String claim, int maxLength) {
        return (token, problems) -> {
            Object value = token.get(claim);
            if (value == null) {
                return;
            }
            if (!(value instanceof String s) || s.isEmpty()) {
                problems.add(new Problem(claim, TYPE, claim + " is not a non-empty string"));
            } else if (s.length() > maxLength) {
                problems.add(new Problem(claim, TOO_LONG, claim + " longer than " + maxLength + " characters"));
            }
        };
    }

    /** The claim, when present, satisfies {@code holds}; otherwise {@code rule} with {@code text}. */
    static Rule value(String claim, String rule, String text, Predicate<Object> holds) {
        return (token, problems) -> {
            Object value = token.get(claim);
            if (value != null && !holds.test(value)) {
                problems.add(new Problem(claim, rule, text));
            }
        };
    }

    /** At least one of the claims is a string; reported as {@code MISSING} on the first one. */
    static Rule anyOf(String... claims) {
        return (token, problems) -> {
            for (String claim : claims) {
                if (token.get(claim) instanceof String) {
                    return;
                }
            }
            problems.add(new Problem(claims[0], MISSING, "neither " + String.join(" nor ", claims)));
        };
    }

    /** The claim must be absent; {@code why} says why in the log. */
    static Rule absent(String claim, String why) {
        return (token, problems) -> {
            if (token.claims().containsKey(claim)) {
                problems.add(new Problem(claim, PRESENT, claim + " present (" + why + ")"));
            }
        };
    }

    /** The {@code typ} header, when present, is {@code expected}, with or without {@code application/}. */
    static Rule typ(String expected) {
        Pattern accepted = Pattern.compile("(application/)?" + Pattern.quote(expected));
        return (token, problems) -> {
            if (token.typ() != null && !accepted.matcher(token.typ().toLowerCase(Locale.ROOT)).matches()) {
                problems.add(new Problem("typ", MISMATCH, "typ is not " + expected));
            }
        };
    }

    /** The claim as a number, null when absent; a non-number is a {@code TYPE} problem. */
    static Long number(Token token, String claim, List<Problem> problems) {
        Object value = token.get(claim);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        problems.add(new Problem(claim, TYPE, claim + " is not a number"));
        return null;
    }
}
