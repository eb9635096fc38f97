package dev.oidchybrid.filter.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code access-rules}: path patterns with the condition a signed-in user must meet there, first match wins;
 * a path no rule matches needs only a signed-in user. Matched on the path the container dispatches. A request
 * whose raw URI does not spell that path plainly (dot segments, {@code //}, encoded separators) could be routed
 * elsewhere by a framework that reads the raw URI, so it must meet every rule at once (fail closed: no rule is
 * skipped by spelling a path differently). Pure and immutable.
 */
public final class AccessRules {

    /** One rule: a pattern ({@code /exact}, {@code /prefix/*}, {@code /*}) and its condition. */
    public record Rule(String pattern, PathMatcher paths, AccessCondition condition) {
    }

    private static final AccessRules NONE = new AccessRules(List.of());

    private final List<Rule> rules;
    private final AccessCondition everyRule;

    public AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        List<AccessCondition> all = new ArrayList<>();
        this.rules.forEach(rule -> all.add(rule.condition()));
        this.everyRule = new AccessCondition.All(all);
    }

    /** No rules: every path needs a signed-in user only. */
    public static AccessRules none() {
        return NONE;
    }

    static AccessRules parse(ParamReader reader) {
        String value = reader.value(InitParam.ACCESS_RULES);
        if (value == null) {
            return NONE;
        }
        List<String> problems = new ArrayList<>();
        AccessRules parsed = AccessRulesParser.parse(value, problems);
        problems.forEach(problem -> reader.problem(InitParam.ACCESS_RULES, problem));
        return parsed;
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The rule that applies to a request: the first whose pattern matches {@code path}, or for a path that is not
     * plain ({@code null}) all of them together; an ordinary sign-in when none matches.
     *
     * @param path the dispatch path when the raw URI spells it plainly, else null
     */
    public AccessCondition conditionFor(String path) {
        if (path == null) {
            return everyRule;
        }
        for (Rule rule : rules) {
            if (rule.paths().matches(path)) {
                return rule.condition();
            }
        }
        return new AccessCondition.Authenticated();
    }

    /** {@link #conditionFor} decided for {@code subject}. */
    public AccessDecision decide(String path, AccessSubject subject) {
        return conditionFor(path).decide(subject);
    }
}
