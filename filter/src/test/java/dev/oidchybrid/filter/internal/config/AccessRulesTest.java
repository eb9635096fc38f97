package dev.oidchybrid.filter.internal.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deciding access rules for a subject: each condition kind, composition, rule order and non-plain paths. */
class AccessRulesTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final long SKEW = 60;

    private static AccessRules rules(String text) {
        List<String> problems = new ArrayList<>();
        AccessRules rules = AccessRulesParser.parse(text, problems);
        assertEquals(List.of(), problems);
        return rules;
    }

    /** A subject with the roles {@code user}, the scopes {@code openid profile} and {@code more} claims. */
    private static AccessSubject subject(Set<String> roles, Map<String, Object> more) {
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "alice-0001"));
        claims.putAll(more);
        return new AccessSubject(claims, roles, Set.of("openid", "profile"), NOW, SKEW);
    }

    private static AccessSubject user() {
        return subject(Set.of("user"), Map.of());
    }

    @Test
    void decideWhenRoleHeldThenGrantedElseDenied() {
        AccessRules rules = rules("/admin/*=role:admin");
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/admin/x", subject(Set.of("admin"), Map.of())));
        assertInstanceOf(AccessDecision.Denied.class, rules.decide("/admin/x", user()));
    }

    @Test
    void decideWhenClaimIsTheStringThenGrantedElseDenied() {
        AccessRules rules = rules("/r/*=claim:org=acme");
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/r/1", subject(Set.of(), Map.of("org", "acme"))));
        assertInstanceOf(AccessDecision.Denied.class, rules.decide("/r/1", subject(Set.of(), Map.of("org", "acme2"))));
        assertInstanceOf(AccessDecision.Denied.class, rules.decide("/r/1", user()));
    }

    @Test
    void decideWhenClaimArrayHoldsTheValueThenGrantedElseDenied() {
        AccessRules rules = rules("/r/*=claim:groups=ops");
        assertInstanceOf(AccessDecision.Granted.class,
                rules.decide("/r/1", subject(Set.of(), Map.of("groups", List.of("dev", "ops")))));
        assertInstanceOf(AccessDecision.Denied.class,
                rules.decide("/r/1", subject(Set.of(), Map.of("groups", List.of("dev")))));
        assertInstanceOf(AccessDecision.Denied.class,
                rules.decide("/r/1", subject(Set.of(), Map.of("groups", Map.of("ops", true)))), "an object is no array");
    }

    @Test
    void decideWhenClaimNameIsAUrlThenThatClaimIsRead() {
        AccessRules rules = rules("/r/*=claim:https://example.com/org=acme");
        assertInstanceOf(AccessDecision.Granted.class,
                rules.decide("/r/1", subject(Set.of(), Map.of("https://example.com/org", "acme"))));
        assertInstanceOf(AccessDecision.Denied.class, rules.decide("/r/1", subject(Set.of(), Map.of("org", "acme"))));
    }

    @Test
    void decideWhenClaimIsABooleanThenComparedByItsJsonText() {
        AccessRules rules = rules("/r/*=claim:email_verified=true");
        assertInstanceOf(AccessDecision.Granted.class,
                rules.decide("/r/1", subject(Set.of(), Map.of("email_verified", true))));
        assertInstanceOf(AccessDecision.Denied.class,
                rules.decide("/r/1", subject(Set.of(), Map.of("email_verified", false))));
    }

    @Test
    void decideWhenScopeMissingThenDeniedNamingTheScope() {
        AccessRules rules = rules("/p/*=scope:profile; /w/*=scope:write");
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/p/1", user()));
        AccessDecision.Denied denied = assertInstanceOf(AccessDecision.Denied.class, rules.decide("/w/1", user()));
        assertEquals(List.of("write"), denied.scopes());
    }

    @Test
    void decideWhenAcrIsOneOfTheValuesThenGrantedElseStepUpAskingForThem() {
        AccessRules rules = rules("/b/*=acr:mfa|hwk");
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/b/1", subject(Set.of(), Map.of("acr", "hwk"))));
        AccessDecision.StepUpNeeded stepUp = assertInstanceOf(AccessDecision.StepUpNeeded.class,
                rules.decide("/b/1", subject(Set.of(), Map.of("acr", "pwd"))));
        assertEquals(new StepUp(List.of("mfa", "hwk"), Optional.empty(), false), stepUp.stepUp());
        assertInstanceOf(AccessDecision.StepUpNeeded.class, rules.decide("/b/1", user()), "no acr at all");
    }

    @Test
    void decideWhenAuthTimeWithinMaxAgeAndSkewThenGrantedElseStepUpWithReauthentication() {
        AccessRules rules = rules("/t=max-age:300");
        long now = NOW.getEpochSecond();
        assertInstanceOf(AccessDecision.Granted.class,
                rules.decide("/t", subject(Set.of(), Map.of("auth_time", now - 300 - SKEW))));
        AccessDecision.StepUpNeeded old = assertInstanceOf(AccessDecision.StepUpNeeded.class,
                rules.decide("/t", subject(Set.of(), Map.of("auth_time", now - 301 - SKEW))));
        assertEquals(new StepUp(List.of(), Optional.of(300L), true), old.stepUp());
        assertInstanceOf(AccessDecision.StepUpNeeded.class, rules.decide("/t", user()), "no auth_time");
    }

    @Test
    void decideWhenAnyHasOneHoldingThenGrantedElseTheStepUpBeforeADenial() {
        AccessRules rules = rules("/x=any(role:admin, acr:mfa)");
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/x", subject(Set.of("admin"), Map.of())));
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/x", subject(Set.of(), Map.of("acr", "mfa"))));
        assertInstanceOf(AccessDecision.StepUpNeeded.class, rules.decide("/x", user()));
        assertInstanceOf(AccessDecision.Denied.class, rules("/x=any(role:admin, claim:org=acme)").decide("/x", user()));
    }

    @Test
    void decideWhenAllThenADenialWinsOverAStepUpAndStepUpsCombine() {
        AccessRules rules = rules("/x=all(acr:mfa|hwk, role:admin); /y=all(acr:mfa|hwk, acr:hwk, max-age:600, max-age:300)");
        assertInstanceOf(AccessDecision.Denied.class, rules.decide("/x", user()), "stepping up cannot make an admin");
        AccessDecision.StepUpNeeded stepUp = assertInstanceOf(AccessDecision.StepUpNeeded.class,
                rules.decide("/y", user()));
        assertEquals(new StepUp(List.of("hwk"), Optional.of(300L), true), stepUp.stepUp());
        assertInstanceOf(AccessDecision.Denied.class, rules("/z=all(acr:mfa, acr:hwk)").decide("/z", user()),
                "no acr satisfies both");
    }

    @Test
    void decideWhenSeveralRulesMatchThenTheFirstWins() {
        AccessRules rules = rules("/admin/public=authenticated; /admin/*=role:admin");
        assertInstanceOf(AccessDecision.Granted.class, rules.decide("/admin/public", user()));
        assertInstanceOf(AccessDecision.Denied.class, rules.decide("/admin/other", user()));
    }

    @Test
    void decideWhenNoRuleMatchesThenASignedInUserIsEnough() {
        assertInstanceOf(AccessDecision.Granted.class, rules("/admin/*=role:admin").decide("/other", user()));
        assertInstanceOf(AccessDecision.Granted.class, AccessRules.none().decide(null, user()));
    }

    @Test
    void decideWhenPathNotPlainThenEveryRuleMustHold() {
        AccessRules rules = rules("/admin/*=role:admin; /b/*=acr:mfa; /*=authenticated");
        // null: the raw URI does not spell the dispatch path plainly, so no rule may be skipped
        assertInstanceOf(AccessDecision.Denied.class, rules.decide(null, user()));
        assertInstanceOf(AccessDecision.StepUpNeeded.class, rules.decide(null, subject(Set.of("admin"), Map.of())));
        assertInstanceOf(AccessDecision.Granted.class,
                rules.decide(null, subject(Set.of("admin"), Map.of("acr", "mfa"))));
    }

    @Test
    void stepUpParamsWhenReauthenticatingThenPromptLoginKeepsOtherPromptsAndTheSmallerMaxAge() {
        StepUp stepUp = new StepUp(List.of("mfa", "hwk"), Optional.of(300L), true);
        assertEquals(Map.of("acr_values", "mfa hwk", "max_age", "120", "prompt", "login consent"),
                stepUp.authorizationParams(Map.of("prompt", "none consent", "max_age", "120")));
        assertEquals(Map.of("acr_values", "mfa"),
                new StepUp(List.of("mfa"), Optional.empty(), false).authorizationParams(Map.of()));
    }

    @Test
    void stepUpUnmetByWhenAcrOrAuthTimeWrongThenSaysWhy() {
        StepUp stepUp = new StepUp(List.of("mfa"), Optional.of(300L), true);
        long now = NOW.getEpochSecond();
        assertEquals(Optional.empty(), stepUp.unmetBy(Map.of("acr", "mfa", "auth_time", now - 10), NOW, SKEW));
        assertTrue(stepUp.unmetBy(Map.of("acr", "pwd", "auth_time", now), NOW, SKEW).orElseThrow().contains("acr"));
        assertTrue(stepUp.unmetBy(Map.of("auth_time", now), NOW, SKEW).orElseThrow().contains("no acr"));
        assertTrue(stepUp.unmetBy(Map.of("acr", "mfa"), NOW, SKEW).orElseThrow().contains("no numeric auth_time"));
        assertTrue(stepUp.unmetBy(Map.of("acr", "mfa", "auth_time", now - 361), NOW, SKEW).orElseThrow()
                .contains("older than the requested max_age"));
        assertEquals(Optional.empty(), stepUp.unmetBy(Map.of("acr", "mfa", "auth_time", now - 360), NOW, SKEW));
    }
}
