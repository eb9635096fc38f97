package dev.oidchybrid.filter.internal.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a new authentication must prove (OpenID Connect Core 1.0 §3.1.2.1): one of {@code acrValues} as its
 * {@code acr} (none asked when empty), and an {@code auth_time} at most {@code maxAge} seconds old. With
 * {@code reauthenticate} the user's current authentication is known to be too old, so {@code prompt=login} is
 * sent too. Used for step-up authentication (RFC 9470): rules with {@code acr:} or {@code max-age:}, and APIs that
 * answer {@code insufficient_user_authentication}. Pure.
 *
 * @param acrValues      the acceptable {@code acr} values, in order of preference; empty for any
 * @param maxAge         the greatest allowed age of the authentication in seconds, or empty for any
 * @param reauthenticate whether the provider must authenticate the user again whatever its own session says
 */
public record StepUp(List<String> acrValues, Optional<Long> maxAge, boolean reauthenticate) {

    /** No requirement: an ordinary login. */
    public static final StepUp NONE = new StepUp(List.of(), Optional.empty(), false);

    public StepUp {
        acrValues = List.copyOf(new LinkedHashSet<>(acrValues));
    }

    /** Whether nothing is required beyond an ordinary login. */
    public boolean isNone() {
        return acrValues.isEmpty() && maxAge.isEmpty();
    }

    /**
     * What satisfies both this and {@code other}: the acr values both accept, the smaller max age; empty when no
     * acr value satisfies both.
     */
    public Optional<StepUp> and(StepUp other) {
        List<String> acr;
        if (acrValues.isEmpty() || other.acrValues.isEmpty()) {
            acr = acrValues.isEmpty() ? other.acrValues : acrValues;
        } else {
            acr = new ArrayList<>(acrValues);
            acr.retainAll(other.acrValues);
            if (acr.isEmpty()) {
                return Optional.empty();
            }
        }
        Optional<Long> age = maxAge.isEmpty() ? other.maxAge : other.maxAge.isEmpty() ? maxAge
                : Optional.of(Math.min(maxAge.get(), other.maxAge.get()));
        return Optional.of(new StepUp(acr, age, reauthenticate || other.reauthenticate));
    }

    /**
     * The authorization parameters this step-up sets over {@code configured} (the ones the request already has):
     * {@code acr_values} (space-separated), {@code max_age} (the smaller of its own and a configured one) and, to
     * re-authenticate, {@code prompt=login} (kept with the configured prompt values other than {@code none}).
     */
    public Map<String, String> authorizationParams(Map<String, String> configured) {
        Map<String, String> params = new LinkedHashMap<>();
        if (!acrValues.isEmpty()) {
            params.put("acr_values", String.join(" ", acrValues));
        }
        maxAge.ifPresent(age -> {
            String before = configured.get("max_age");
            long smaller = before != null && before.matches("[0-9]{1,18}") ? Math.min(age, Long.parseLong(before)) : age;
            params.put("max_age", Long.toString(smaller));
        });
        if (reauthenticate) {
            Set<String> prompt = new LinkedHashSet<>(List.of("login"));
            String before = configured.get("prompt");
            if (before != null) {
                for (String value : before.trim().split("\\s+")) {
                    if (!value.isEmpty() && !value.equals("none")) {
                        prompt.add(value);
                    }
                }
            }
            params.put("prompt", String.join(" ", prompt));
        }
        return params;
    }

    /**
     * Why an ID token's claims do not meet this step-up, or empty when they do: with {@code acr_values} its
     * {@code acr} must be one of them; with {@code max_age} its {@code auth_time} is required and must lie within
     * max_age plus {@code skewSeconds} of {@code now} (OpenID Connect Core 1.0 §2, §3.1.2.1).
     */
    public Optional<String> unmetBy(Map<String, Object> claims, Instant now, long skewSeconds) {
        if (!acrValues.isEmpty() && !(claims.get("acr") instanceof String acr && acrValues.contains(acr))) {
            return Optional.of(claims.get("acr") == null ? "the ID token has no acr, one of [" + acrValuesText()
                    + "] was requested" : "the ID token's acr is not one of the requested [" + acrValuesText() + "]");
        }
        if (maxAge.isPresent()) {
            if (!(claims.get("auth_time") instanceof Number authTime)) {
                return Optional.of("the ID token has no numeric auth_time although max_age was requested");
            }
            if (authTime.longValue() + maxAge.get() + skewSeconds < now.getEpochSecond()) {
                return Optional.of("the ID token's auth_time is older than the requested max_age of " + maxAge.get()
                        + " s");
            }
        }
        return Optional.empty();
    }

    /** The acr values separated by spaces, as {@code acr_values} carries them. */
    public String acrValuesText() {
        return String.join(" ", acrValues);
    }
}
