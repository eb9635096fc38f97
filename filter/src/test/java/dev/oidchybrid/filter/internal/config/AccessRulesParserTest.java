package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code access-rules} syntax: what parses to which condition, and every refusal, named. */
class AccessRulesParserTest {

    private static AccessRules parsed(String text) {
        List<String> problems = new ArrayList<>();
        AccessRules rules = AccessRulesParser.parse(text, problems);
        assertEquals(List.of(), problems);
        return rules;
    }

    private static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        AccessRulesParser.parse(text, problems);
        return problems;
    }

    private static void assertOneProblem(String text, String expected) {
        List<String> problems = problems(text);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(expected), problems.get(0));
    }

    @Test
    void parseWhenExampleOfTheDocumentationThenEveryConditionKind() {
        AccessRules rules = parsed("/admin/*=role:admin; /reports/*=claim:https://example.com/org=acme; "
                + "/billing/*=acr:mfa|hwk; /transfer=max-age:300; /scoped/*=scope:read:reports; /*=authenticated");
        assertEquals(6, rules.rules().size());
        assertEquals(new AccessCondition.Role("admin"), rules.conditionFor("/admin/x"));
        assertEquals(new AccessCondition.Claim("https://example.com/org", "acme"), rules.conditionFor("/reports/1"));
        assertEquals(new AccessCondition.Acr(List.of("mfa", "hwk")), rules.conditionFor("/billing"));
        assertEquals(new AccessCondition.MaxAge(300), rules.conditionFor("/transfer"));
        assertEquals(new AccessCondition.Scope("read:reports"), rules.conditionFor("/scoped/a"));
        assertEquals(new AccessCondition.Authenticated(), rules.conditionFor("/other"));
    }

    @Test
    void parseWhenClaimValueFollowsTheLastEqualsSignThenNameKeepsColonsAndSlashes() {
        AccessRules rules = parsed("/r/*=claim:urn:example:claims/tenant=t-1");
        assertEquals(new AccessCondition.Claim("urn:example:claims/tenant", "t-1"), rules.conditionFor("/r/x"));
    }

    @Test
    void parseWhenAnyAndAllNestThenGroupsKeepTheirOrder() {
        AccessRules rules = parsed("/x/*=any(role:admin, all(acr:mfa, claim:org=acme))");
        AccessCondition.Any any = assertInstanceOf(AccessCondition.Any.class, rules.conditionFor("/x/1"));
        assertEquals(new AccessCondition.Role("admin"), any.conditions().get(0));
        assertEquals(new AccessCondition.All(List.of(new AccessCondition.Acr(List.of("mfa")),
                new AccessCondition.Claim("org", "acme"))), any.conditions().get(1));
    }

    @Test
    void parseWhenEntryHasNoEqualsSignThenRefused() {
        assertOneProblem("/admin/*", "must be <path>=<condition>");
    }

    @Test
    void parseWhenPathIsNotExactOrPrefixThenRefused() {
        assertOneProblem("admin=role:a", "exact path, /prefix/* or /*");
        assertOneProblem("/a*/b=role:a", "exact path, /prefix/* or /*");
        assertOneProblem("/a/*.jsp=role:a", "exact path, /prefix/* or /*");
        assertOneProblem("*=role:a", "exact path, /prefix/* or /*");
    }

    @Test
    void parseWhenConditionUnknownThenRefusedWithTheListOfConditions() {
        assertOneProblem("/a=group:x", "unknown condition 'group:x' (one of authenticated, role:");
        assertOneProblem("/a=Authenticated", "unknown condition");
    }

    @Test
    void parseWhenConditionEmptyThenRefused() {
        assertOneProblem("/a=", "a condition is empty");
    }

    @Test
    void parseWhenRoleOrScopeMissingOrWithSpacesThenRefused() {
        assertOneProblem("/a=role:", "the role is missing");
        assertOneProblem("/a=role:a b", "the role must be printable ASCII");
        assertOneProblem("/a=scope:", "the scope is missing");
    }

    @Test
    void parseWhenClaimLacksNameOrValueThenRefused() {
        assertOneProblem("/a=claim:org", "must be claim:<name>=<value>");
        assertOneProblem("/a=claim:=acme", "the claim name is missing");
        assertOneProblem("/a=claim:org=", "the claim value is missing");
    }

    @Test
    void parseWhenAcrHasAnEmptyAlternativeThenRefused() {
        assertOneProblem("/a=acr:mfa|", "the acr value is missing");
        assertOneProblem("/a=acr:", "the acr value is missing");
    }

    @Test
    void parseWhenMaxAgeNotAPositiveNumberOfSecondsThenRefused() {
        assertOneProblem("/a=max-age:0", "max-age must be a whole number of seconds from 1");
        assertOneProblem("/a=max-age:5m", "max-age must be");
        assertOneProblem("/a=max-age:99999999", "max-age must be");
    }

    @Test
    void parseWhenGroupMalformedThenRefused() {
        assertOneProblem("/a=any(role:a", "must end with ')'");
        assertOneProblem("/a=any()", "lists no condition");
        assertOneProblem("/a=all(role:a,)", "a condition is empty");
        assertOneProblem("/a=any(role:a))", "unmatched ')'");
        assertOneProblem("/a=any(all(role:a)", "unmatched '('");
        assertOneProblem("/a=any(any(any(any(any(role:a)))))", "deeper than 4 levels");
    }

    @Test
    void parseWhenRuleComesAfterOneThatCoversItThenRefusedAsDead() {
        assertOneProblem("/*=authenticated; /admin/*=role:admin", "never applies: the earlier rule for '/*'");
        assertOneProblem("/admin/*=role:a; /admin=role:b", "never applies");
        assertOneProblem("/admin/*=role:a; /admin/deep/*=role:b", "never applies");
        assertOneProblem("/x=role:a; /x=role:b", "never applies");
        assertEquals(List.of(), problems("/admin/deep/*=role:b; /admin/*=role:a; /administrator=role:c"));
    }

    @Test
    void parseWhenSeveralEntriesAreWrongThenEveryProblemIsListed() {
        List<String> problems = problems("/a=role:; b=role:x; /c=nope; /d=max-age:0; /e=role:ok");
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("entry '/a=role:'"), problems.get(0));
        assertTrue(problems.get(1).startsWith("entry 'b=role:x'"), problems.get(1));
        assertTrue(problems.get(2).startsWith("entry '/c=nope'"), problems.get(2));
        assertTrue(problems.get(3).startsWith("entry '/d=max-age:0'"), problems.get(3));
    }

    @Test
    void buildWhenAccessRulesInvalidThenInitFailsNamingEveryProblemWithTheOthers() {
        OidcException e = assertThrows(OidcException.class, () -> OidcConfig.builder()
                .set(InitParam.ISSUER, "https://op.example.com").set(InitParam.CLIENT_ID, "c")
                .set(InitParam.CLIENT_SECRET, "s").set(InitParam.CLOCK_SKEW, "-1")
                .set(InitParam.ACCESS_RULES, "/a=role:; /b=acr:").build());
        assertTrue(e.description().contains("access-rules entry '/a=role:'"), e.description());
        assertTrue(e.description().contains("access-rules entry '/b=acr:'"), e.description());
        assertTrue(e.description().contains("clock-skew"), e.description());
    }

    @Test
    void buildWhenAccessRulesUnsetThenNoRules() {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, "https://op.example.com")
                .set(InitParam.CLIENT_ID, "c").set(InitParam.CLIENT_SECRET, "s").build();
        assertTrue(config.accessRules().isEmpty());
        assertEquals(new AccessCondition.Authenticated(), config.accessRules().conditionFor("/x"));
    }
}
