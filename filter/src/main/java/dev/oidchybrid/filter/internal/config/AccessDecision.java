package dev.oidchybrid.filter.internal.config;

import java.util.List;

/** The outcome of an access rule for one subject: granted, denied for good, or a step-up away. */
public sealed interface AccessDecision {

    /** The rule holds. */
    record Granted() implements AccessDecision {
    }

    /**
     * The rule fails and a new authentication cannot change that.
     *
     * @param scopes the scopes that were missing when the failure was a {@code scope:} condition, else empty
     * @param reason what failed, for the log (names the condition, never a claim value of the token)
     */
    record Denied(List<String> scopes, String reason) implements AccessDecision {

        public Denied {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * The rule fails now but holds after an authentication that meets {@code stepUp}.
     *
     * @param reason what failed, for the log
     */
    record StepUpNeeded(StepUp stepUp, String reason) implements AccessDecision {
    }

    AccessDecision GRANTED = new Granted();
}
