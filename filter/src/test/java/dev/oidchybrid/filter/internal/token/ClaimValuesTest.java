package dev.oidchybrid.filter.internal.token;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClaimValuesTest {

    @Test
    void wordsWhenSpaceSeparatedThenEachWordOnceInOrder() {
        assertEquals(List.of("read", "write", "admin"),
                List.copyOf(ClaimValues.words("  read write\tadmin  read ")));
    }

    @Test
    void wordsWhenArrayThenItsStringsOnlyInOrder() {
        assertEquals(List.of("b", "a"), List.copyOf(ClaimValues.words(List.of("b", 7, "a", Map.of("x", "y"), "b"))));
    }

    @Test
    void wordsWhenNeitherArrayNorStringThenNone() {
        assertEquals(Set.of(), ClaimValues.words(null));
        assertEquals(Set.of(), ClaimValues.words(42));
        assertEquals(Set.of(), ClaimValues.words(Map.of("roles", List.of("admin"))));
        assertEquals(Set.of(), ClaimValues.words("   "));
    }
}
