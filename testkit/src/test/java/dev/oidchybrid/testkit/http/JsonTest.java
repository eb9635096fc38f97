package dev.oidchybrid.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading an answer's JSON object. */
class JsonTest {

    @Test
    void objectWhenAJsonObjectThenItsMembersWithJsonTypes() {
        Map<String, Object> profile = Json.object("""
                {"sub":"alice-0001","exp":1800000000,"admin":true,"roles":["admin","user"],
                 "address":{"country":"NL"},"nickname":null}""");

        assertEquals("alice-0001", profile.get("sub"));
        assertEquals(1_800_000_000L, profile.get("exp"));
        assertEquals(true, profile.get("admin"));
        assertEquals(List.of("admin", "user"), profile.get("roles"));
        assertEquals(Map.of("country", "NL"), profile.get("address"));
        assertTrue(profile.containsKey("nickname"));
        assertNull(profile.get("nickname"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"sub\":", "[\"alice\"]", "42", "<html>login</html>"})
    void objectWhenNotAJsonObjectThenAnAssertionErrorQuotingTheText(String text) {
        AssertionError error = assertThrows(AssertionError.class, () -> Json.object(text));

        assertEquals("not a JSON object: " + text, error.getMessage());
    }
}
