package dev.oidchybrid.filter.config;

import java.util.List;

/**
 * Matches request paths (relative to the context) against exact paths and {@code /prefix/*} patterns, as
 * servlet mappings do: {@code /public/*} matches {@code /public} and everything below it.
 */
public final class PathMatcher {

    private final List<String> patterns;

    public PathMatcher(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public boolean matches(String path) {
        for (String pattern : patterns) {
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }
}
