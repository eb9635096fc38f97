package dev.oidchybrid.filter.internal.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** The two shapes providers give a list claim (roles, scopes): a JSON array, or one space-separated string. */
public final class ClaimValues {

    private ClaimValues() {
    }

    /**
     * The words of a list claim, in order and without repeats: the string entries of an array (others are
     * ignored), or the space-separated words of a string; nothing for any other value.
     */
    public static Set<String> words(Object value) {
        Set<String> words = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(words::add);
        } else if (value instanceof String s) {
            for (String word : s.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }
}
