package dev.oidchybrid.filter.client;

import dev.oidchybrid.filter.internal.http.AuthenticateChallenges;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The API wants a stronger or more recent authentication of the user (RFC 9470 §3): it answered 401 with
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"} and possibly {@code acr_values} and
 * {@code max_age}. Thrown out of the servlet chain (as it is, or as the cause of another exception), the filter
 * turns it into a step-up login for a page navigation: a new authorization request with those
 * {@code acr_values} / {@code max_age} (and {@code prompt=login} with {@code max_age}), back to the same URL; an XHR
 * gets 401 JSON {@code {"error":"insufficient_user_authentication", ...}}.
 *
 * <pre>{@code
 * Response answer = client.target(url).request().get();
 * StepUpRequiredException.throwIfRequired(answer);   // the filter takes it from here
 * }</pre>
 */
public final class StepUpRequiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern ACR_VALUE = Pattern.compile("[!-~&&[^\"\\\\]]{1,256}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");

    private final List<String> acrValues;
    private final long maxAge;

    /**
     * @param acrValues the acceptable {@code acr} values, in order of preference; empty for any
     * @param maxAge    the greatest allowed age of the user's authentication in seconds, or empty for any
     * @throws IllegalArgumentException for an acr value with spaces, quotes or control characters, or a negative
     *                                  max age
     */
    public StepUpRequiredException(List<String> acrValues, OptionalLong maxAge) {
        super("the API requires a step-up authentication" + (acrValues.isEmpty() ? "" : ": acr_values="
                + String.join(" ", acrValues)) + (maxAge.isPresent() ? ", max_age=" + maxAge.getAsLong() : ""));
        for (String value : acrValues) {
            if (!ACR_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("not an acr value: " + value);
            }
        }
        if (maxAge.isPresent() && maxAge.getAsLong() < 0) {
            throw new IllegalArgumentException("max_age must not be negative");
        }
        this.acrValues = List.copyOf(acrValues);
        this.maxAge = maxAge.orElse(-1);
    }

    /** The acceptable {@code acr} values, in order; empty when the API named none. */
    public List<String> acrValues() {
        return acrValues;
    }

    /** The greatest allowed age of the authentication in seconds, when the API named one. */
    public OptionalLong maxAge() {
        return maxAge < 0 ? OptionalLong.empty() : OptionalLong.of(maxAge);
    }

    /**
     * The step-up {@code thrown} carries, as itself or as one of its first causes (frameworks wrap what a resource
     * method throws), or empty.
     */
    public static Optional<StepUpRequiredException> causeOf(Throwable thrown) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof StepUpRequiredException stepUp) {
                return Optional.of(stepUp);
            }
        }
        return Optional.empty();
    }

    /** Throws the step-up an API's answer asks for, if it asks for one (see {@link #of(Response)}). */
    public static void throwIfRequired(Response response) {
        Optional<StepUpRequiredException> stepUp = of(response);
        if (stepUp.isPresent()) {
            throw stepUp.get();
        }
    }

    /**
     * The step-up a JAX-RS response asks for: a 401 whose {@code WWW-Authenticate} headers hold a {@code Bearer} or
     * {@code DPoP} challenge with {@code error="insufficient_user_authentication"}. Empty for any other response.
     */
    public static Optional<StepUpRequiredException> of(Response response) {
        if (response.getStatus() != 401) {
            return Optional.empty();
        }
        List<String> headers = new ArrayList<>();
        List<Object> values = response.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE);
        if (values != null) {
            values.forEach(value -> headers.add(String.valueOf(value)));
        }
        return fromChallenges(headers);
    }

    /**
     * The step-up that {@code WWW-Authenticate} header values ask for (RFC 9470 §3): the first {@code Bearer} or
     * {@code DPoP} challenge with {@code error="insufficient_user_authentication"}; its {@code acr_values}
     * (space-separated) and {@code max_age} (whole seconds) when present; other parameters are ignored. Empty when
     * no challenge asks for it, or when a header is malformed, names a parameter twice, or gives an invalid
     * {@code acr_values} or {@code max_age}: a challenge that cannot be read exactly is not acted on.
     */
    public static Optional<StepUpRequiredException> fromChallenges(List<String> wwwAuthenticate) {
        for (String header : wwwAuthenticate) {
            List<AuthenticateChallenges.Challenge> challenges;
            try {
                challenges = AuthenticateChallenges.parse(header);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            for (AuthenticateChallenges.Challenge challenge : challenges) {
                if ((challenge.scheme().equals("bearer") || challenge.scheme().equals("dpop"))
                        && "insufficient_user_authentication".equals(challenge.params().get("error"))) {
                    return stepUp(challenge.params());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<StepUpRequiredException> stepUp(Map<String, String> params) {
        String acr = params.get("acr_values");
        String age = params.get("max_age");
        List<String> acrValues = new ArrayList<>();
        if (acr != null) {
            for (String value : acr.trim().split(" +")) {
                if (!ACR_VALUE.matcher(value).matches()) {
                    return Optional.empty();
                }
                acrValues.add(value);
            }
        }
        if (age != null && !SECONDS.matcher(age).matches()) {
            return Optional.empty();
        }
        return Optional.of(new StepUpRequiredException(acrValues,
                age == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(age))));
    }
}
