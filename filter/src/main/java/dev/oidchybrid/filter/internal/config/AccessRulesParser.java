package dev.oidchybrid.filter.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses {@code access-rules}: {@code <pattern>=<condition>} entries separated by {@code ;}, e.g.
 * {@code /admin/*=role:admin; /reports/*=claim:https://example.com/org=acme; /*=authenticated}. The pattern ends at
 * the entry's first {@code =}; a claim condition's name ends at its last {@code =}, so names may hold {@code :} and
 * {@code /} (URLs). Names and values are printable ASCII without {@code ; , ( ) | = " \}. Reports every problem,
 * each naming its entry, and never stops at the first. Pure.
 */
final class AccessRulesParser {

    private static final Pattern WORD = Pattern.compile("[!-~&&[^;,()|=\"\\\\]]+");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");
    /** Longest {@code max-age}: a year. */
    private static final long MAX_AGE_LIMIT = 366L * 86_400;
    /** Deepest nesting of {@code any(...)} and {@code all(...)}. */
    private static final int MAX_DEPTH = 4;
    private static final String CONDITIONS = "authenticated, role:<role>, claim:<name>=<value>, scope:<scope>, "
            + "acr:<value>[|<value>...], max-age:<seconds>, any(<condition>,...), all(<condition>,...)";

    private AccessRulesParser() {
    }

    /** The rules in {@code text}; each problem is added to {@code problems} (the rules are then incomplete). */
    static AccessRules parse(String text, List<String> problems) {
        List<AccessRules.Rule> rules = new ArrayList<>();
        for (String raw : text.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                problems.add("entry '" + entry + "' must be <path>=<condition>");
                continue;
            }
            String pattern = entry.substring(0, eq).trim();
            List<String> found = new ArrayList<>();
            boolean patternOk = validPattern(pattern);
            if (!patternOk) {
                found.add("the path must be an exact path, /prefix/* or /*");
            }
            AccessCondition condition = condition(entry.substring(eq + 1).trim(), 0, found);
            if (patternOk) {
                shadowed(pattern, rules).ifPresent(found::add);
            }
            if (found.isEmpty()) {
                rules.add(new AccessRules.Rule(pattern, new PathMatcher(List.of(pattern)), condition));
            } else {
                found.forEach(problem -> problems.add("entry '" + entry + "': " + problem));
            }
        }
        return new AccessRules(rules);
    }

    private static boolean validPattern(String pattern) {
        int star = pattern.indexOf('*');
        return pattern.startsWith("/") && !pattern.contains("=") && pattern.chars().noneMatch(Character::isWhitespace)
                && (star < 0 || star == pattern.length() - 1 && pattern.endsWith("/*"));
    }

    /** An earlier rule that matches every path {@code pattern} does makes this one dead (first match wins). */
    private static java.util.Optional<String> shadowed(String pattern, List<AccessRules.Rule> earlier) {
        String exact = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
        for (AccessRules.Rule rule : earlier) {
            String before = rule.pattern();
            boolean covers = before.endsWith("/*")
                    ? exact.equals(before.substring(0, before.length() - 2)) || exact.startsWith(before.substring(0,
                            before.length() - 1))
                    : !pattern.endsWith("/*") && before.equals(pattern);
            if (covers) {
                return java.util.Optional.of("never applies: the earlier rule for '" + before
                        + "' matches every path this one does (first match wins)");
            }
        }
        return java.util.Optional.empty();
    }

    /** One condition, or null when it has problems (added to {@code problems}). */
    private static AccessCondition condition(String text, int depth, List<String> problems) {
        if (text.isEmpty()) {
            problems.add("a condition is empty (one of " + CONDITIONS + ")");
            return null;
        }
        if (text.startsWith("any(") || text.startsWith("all(")) {
            return group(text, depth, problems);
        }
        if (text.equals("authenticated")) {
            return new AccessCondition.Authenticated();
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String argument = colon < 0 ? "" : text.substring(colon + 1).trim();
        switch (kind) {
            case "role" -> {
                return word(argument, "role", text, problems) ? new AccessCondition.Role(argument) : null;
            }
            case "scope" -> {
                return word(argument, "scope", text, problems) ? new AccessCondition.Scope(argument) : null;
            }
            case "claim" -> {
                int eq = argument.lastIndexOf('=');
                if (eq < 0) {
                    problems.add("'" + text + "' must be claim:<name>=<value>");
                    return null;
                }
                String name = argument.substring(0, eq).trim();
                String value = argument.substring(eq + 1).trim();
                boolean ok = word(name, "claim name", text, problems) & word(value, "claim value", text, problems);
                return ok ? new AccessCondition.Claim(name, value) : null;
            }
            case "acr" -> {
                List<String> values = new ArrayList<>();
                boolean ok = true;
                for (String value : argument.split("\\|", -1)) {
                    ok &= word(value.trim(), "acr value", text, problems);
                    values.add(value.trim());
                }
                return ok ? new AccessCondition.Acr(values) : null;
            }
            case "max-age" -> {
                long seconds = SECONDS.matcher(argument).matches() ? Long.parseLong(argument) : -1;
                if (seconds < 1 || seconds > MAX_AGE_LIMIT) {
                    problems.add("'" + text + "': max-age must be a whole number of seconds from 1 to " + MAX_AGE_LIMIT);
                    return null;
                }
                return new AccessCondition.MaxAge(seconds);
            }
            default -> {
                problems.add("unknown condition '" + text + "' (one of " + CONDITIONS + ")");
                return null;
            }
        }
    }

    private static boolean word(String value, String what, String condition, List<String> problems) {
        if (WORD.matcher(value).matches()) {
            return true;
        }
        problems.add("'" + condition + "': the " + what + (value.isEmpty() ? " is missing"
                : " must be printable ASCII without spaces or ; , ( ) | = \" \\"));
        return false;
    }

    /** {@code any(...)} or {@code all(...)}: conditions separated by commas outside parentheses. */
    private static AccessCondition group(String text, int depth, List<String> problems) {
        if (!text.endsWith(")")) {
            problems.add("'" + text + "' must end with ')'");
            return null;
        }
        if (depth >= MAX_DEPTH) {
            problems.add("'" + text + "' nests any(...) and all(...) deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        String inner = text.substring(4, text.length() - 1);
        List<String> parts = new ArrayList<>();
        int level = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            level += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (level < 0) {
                problems.add("'" + text + "' has an unmatched ')'");
                return null;
            }
            if (c == ',' && level == 0) {
                parts.add(inner.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (level != 0) {
            problems.add("'" + text + "' has an unmatched '('");
            return null;
        }
        parts.add(inner.substring(start).trim());
        if (parts.size() == 1 && parts.get(0).isEmpty()) {
            problems.add("'" + text + "' lists no condition");
            return null;
        }
        List<AccessCondition> conditions = new ArrayList<>();
        boolean ok = true;
        for (String part : parts) {
            AccessCondition condition = condition(part, depth + 1, problems);
            ok &= condition != null;
            conditions.add(condition);
        }
        if (!ok) {
            return null;
        }
        return text.startsWith("any(") ? new AccessCondition.Any(conditions) : new AccessCondition.All(conditions);
    }
}
