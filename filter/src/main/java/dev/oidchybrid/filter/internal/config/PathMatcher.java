package dev.oidchybrid.filter.internal.config;

import java.util.List;

/**
 * Matches request paths (relative to the context) against exact paths and {@code /prefix/*} patterns, as
 * servlet mappings do: {@code /public/*} matches {@code /public} and everything below it.
 */
public final class PathMatcher {

    private final List<String> patterns;
    /** Per pattern: the exact path, or for {@code /prefix/*} the prefix ({@code /prefix}). */
    private final String[] paths;
    /** Per pattern: null for an exact path, or {@code /prefix/} for {@code /prefix/*}. */
    private final String[] prefixes;

    public PathMatcher(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        // matched on every request: split once here rather than on each call
        this.paths = new String[this.patterns.size()];
        this.prefixes = new String[this.patterns.size()];
        for (int i = 0; i < paths.length; i++) {
            String pattern = this.patterns.get(i);
            boolean prefix = pattern.endsWith("/*");
            paths[i] = prefix ? pattern.substring(0, pattern.length() - 2) : pattern;
            prefixes[i] = prefix ? paths[i] + "/" : null;
        }
    }

    public boolean matches(String path) {
        for (int i = 0; i < paths.length; i++) {
            if (path.equals(paths[i]) || prefixes[i] != null && path.startsWith(prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }
}
