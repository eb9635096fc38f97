package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.StepUpRequiredException;
import dev.oidchybrid.filter.internal.config.AccessDecision;
import dev.oidchybrid.filter.internal.config.AccessRules;
import dev.oidchybrid.filter.internal.config.AccessSubject;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.token.ValidatedAccessToken;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer mode's {@code access-rules}, decided on the access token's claims, its scopes and the roles from
 * {@code roles-claim}. A missing {@code acr} or a too old {@code auth_time} is RFC 9470 §3's 401
 * {@code insufficient_user_authentication} with {@code acr_values} / {@code max_age}, so the client can get a token
 * from a stronger or fresher login; a missing scope is RFC 6750's 403 {@code insufficient_scope}; a role or claim
 * 403 {@code forbidden}.
 */
final class BearerAccess {

    /** How a request is refused: status, the challenge's parameters after the scheme and realm, the body's error. */
    record Refusal(int status, String challengeParams, String error, String reason) {
    }

    private final AccessRules rules;
    private final Clock clock;
    private final long skewSeconds;

    BearerAccess(AccessRules rules, Clock clock, long skewSeconds) {
        this.rules = rules;
        this.clock = clock;
        this.skewSeconds = skewSeconds;
    }

    static BearerAccess of(OidcConfig config, Clock clock) {
        return new BearerAccess(config.accessRules(), clock, config.timeouts().clockSkew().toSeconds());
    }

    /** Why {@code token} may not reach {@code path}, or empty when it may. */
    Optional<Refusal> check(String path, ValidatedAccessToken token, Set<String> roles) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        AccessDecision decision = rules.decide(path, new AccessSubject(token.claims(), roles, token.scopes(),
                clock.instant(), skewSeconds));
        if (decision instanceof AccessDecision.StepUpNeeded needed) {
            return Optional.of(stepUp(needed.stepUp(), needed.reason()));
        }
        if (decision instanceof AccessDecision.Denied denied) {
            return Optional.of(denied.scopes().isEmpty() ? new Refusal(403, "", "forbidden", denied.reason())
                    : new Refusal(403, ", error=\"insufficient_scope\", scope=\"" + String.join(" ", denied.scopes())
                            + "\"", "insufficient_scope", denied.reason()));
        }
        return Optional.empty();
    }

    /**
     * RFC 9470 §3's 401 {@code insufficient_user_authentication} for a token that needs {@code stepUp}: for a rule of
     * this API, or relayed from an API it called ({@link StepUpRequiredException} out of the chain).
     */
    static Refusal stepUp(StepUp stepUp, String reason) {
        String description = stepUp.acrValues().isEmpty() ? "More recent authentication is required"
                : "A different authentication level is required";
        return new Refusal(401, ", error=\"insufficient_user_authentication\", error_description=\"" + description
                + "\"" + (stepUp.acrValues().isEmpty() ? "" : ", acr_values=\"" + stepUp.acrValuesText() + "\"")
                + stepUp.maxAge().map(age -> ", max_age=\"" + age + "\"").orElse(""),
                "insufficient_user_authentication", reason);
    }

    /** The refusal that relays an API's step-up demand to this API's client. */
    static Refusal relayed(StepUpRequiredException required) {
        return stepUp(new StepUp(required.acrValues(), required.maxAge().isPresent()
                ? Optional.of(required.maxAge().getAsLong()) : Optional.empty(), false),
                "an API it called asks for a step-up (insufficient_user_authentication), relayed");
    }
}
