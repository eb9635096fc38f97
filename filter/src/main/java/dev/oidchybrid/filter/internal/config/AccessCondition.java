package dev.oidchybrid.filter.internal.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One condition of an access rule ({@code access-rules}), decided for an {@link AccessSubject}. A failed
 * {@code acr:} or {@code max-age:} condition asks for a step-up; any other failure is a denial.
 */
public sealed interface AccessCondition {

    AccessDecision decide(AccessSubject subject);

    /** {@code authenticated}: any signed-in user. */
    record Authenticated() implements AccessCondition {
        @Override
        public AccessDecision decide(AccessSubject subject) {
            return AccessDecision.GRANTED;
        }
    }

    /** {@code role:<role>}: one of the user's roles ({@code roles-claim}). */
    record Role(String role) implements AccessCondition {
        @Override
        public AccessDecision decide(AccessSubject subject) {
            return subject.roles().contains(role) ? AccessDecision.GRANTED
                    : new AccessDecision.Denied(List.of(), "role " + role + " missing");
        }
    }

    /**
     * {@code claim:<name>=<value>}: the claim is the string {@code value} (a number or boolean by its JSON text),
     * or an array holding it.
     */
    record Claim(String name, String value) implements AccessCondition {
        @Override
        public AccessDecision decide(AccessSubject subject) {
            Object claim = subject.claims().get(name);
            boolean holds = claim instanceof Collection<?> values ? values.stream().anyMatch(this::equalsValue)
                    : equalsValue(claim);
            return holds ? AccessDecision.GRANTED
                    : new AccessDecision.Denied(List.of(), "claim " + name + " is not " + value);
        }

        private boolean equalsValue(Object element) {
            return element instanceof String || element instanceof Number || element instanceof Boolean
                    ? value.equals(String.valueOf(element)) : false;
        }
    }

    /** {@code scope:<scope>}: a scope granted to the access token. */
    record Scope(String scope) implements AccessCondition {
        @Override
        public AccessDecision decide(AccessSubject subject) {
            return subject.scopes().contains(scope) ? AccessDecision.GRANTED
                    : new AccessDecision.Denied(List.of(scope), "scope " + scope + " not granted");
        }
    }

    /** {@code acr:<v>|<w>}: the authentication's {@code acr} is one of these; else a step-up asking for them. */
    record Acr(List<String> values) implements AccessCondition {
        public Acr {
            values = List.copyOf(values);
        }

        @Override
        public AccessDecision decide(AccessSubject subject) {
            return subject.claims().get("acr") instanceof String acr && values.contains(acr) ? AccessDecision.GRANTED
                    : new AccessDecision.StepUpNeeded(new StepUp(values, Optional.empty(), false),
                            "acr is not one of " + String.join("|", values));
        }
    }

    /**
     * {@code max-age:<seconds>}: the user authenticated at most that long ago ({@code auth_time}, with the clock
     * skew); else a step-up with {@code max_age} and {@code prompt=login}.
     */
    record MaxAge(long seconds) implements AccessCondition {
        @Override
        public AccessDecision decide(AccessSubject subject) {
            Object authTime = subject.claims().get("auth_time");
            boolean recent = authTime instanceof Number n
                    && n.longValue() + seconds + subject.skewSeconds() >= subject.now().getEpochSecond();
            return recent ? AccessDecision.GRANTED
                    : new AccessDecision.StepUpNeeded(new StepUp(List.of(), Optional.of(seconds), true),
                            authTime == null ? "no auth_time" : "auth_time older than " + seconds + " s");
        }
    }

    /** {@code any(c1,c2,...)}: one of them holds; else the first step-up that would do, else the first denial. */
    record Any(List<AccessCondition> conditions) implements AccessCondition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public AccessDecision decide(AccessSubject subject) {
            AccessDecision.StepUpNeeded stepUp = null;
            AccessDecision.Denied denied = null;
            for (AccessCondition condition : conditions) {
                AccessDecision decision = condition.decide(subject);
                if (decision instanceof AccessDecision.Granted) {
                    return decision;
                }
                if (decision instanceof AccessDecision.StepUpNeeded s && stepUp == null) {
                    stepUp = s;
                } else if (decision instanceof AccessDecision.Denied d && denied == null) {
                    denied = d;
                }
            }
            return stepUp != null ? stepUp : denied;
        }
    }

    /**
     * {@code all(c1,c2,...)}: every one holds; a denial of any is the answer, else the step-up that meets all
     * of them (a denial when their acr values have none in common).
     */
    record All(List<AccessCondition> conditions) implements AccessCondition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public AccessDecision decide(AccessSubject subject) {
            StepUp combined = null;
            String reason = null;
            for (AccessCondition condition : conditions) {
                AccessDecision decision = condition.decide(subject);
                if (decision instanceof AccessDecision.Denied) {
                    return decision;
                }
                if (decision instanceof AccessDecision.StepUpNeeded s) {
                    Optional<StepUp> both = combined == null ? Optional.of(s.stepUp()) : combined.and(s.stepUp());
                    if (both.isEmpty()) {
                        return new AccessDecision.Denied(List.of(), "no acr value satisfies every rule");
                    }
                    combined = both.get();
                    reason = reason == null ? s.reason() : reason + ", " + s.reason();
                }
            }
            return combined == null ? AccessDecision.GRANTED : new AccessDecision.StepUpNeeded(combined, reason);
        }
    }
}
