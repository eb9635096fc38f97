package dev.oidchybrid.filter.internal.flow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form body a browser posts, as {@code preserve-post} keeps and replays it. */
class PreservedPostTest {

    private static List<String> fields(String body) {
        return PreservedPost.parse(body).orElseThrow().stream().map(f -> f.name() + "=" + f.value()).toList();
    }

    @Test
    void parseWhenNamesRepeatThenEveryFieldInTheOrderPosted() {
        assertEquals(List.of("a=1", "b=2", "a=3"), fields("a=1&b=2&a=3"));
    }

    @Test
    void parseWhenEncodedThenPlusIsSpaceAndPercentEscapesAreUtf8() {
        assertEquals(List.of("na me=caf\u00e9 & <b>", "x=+"), fields("na+me=caf%C3%A9+%26+%3Cb%3E&x=%2B"));
    }

    @Test
    void parseWhenEmptyPairsOrNoEqualsThenSkippedOrEmptyValue() {
        assertEquals(List.of("a=", "b="), fields("a&&b="));
        assertEquals(List.of(), fields(""));
    }

    @Test
    void parseWhenPercentNotFollowedByTwoHexDigitsThenRefused() {
        assertTrue(PreservedPost.parse("a=%").isEmpty());
        assertTrue(PreservedPost.parse("a=%4").isEmpty());
        assertTrue(PreservedPost.parse("a=%zz").isEmpty());
    }

    @Test
    void parseWhenEscapesAreNotUtf8ThenRefused() {
        assertTrue(PreservedPost.parse("a=%C3%28").isEmpty());
        assertTrue(PreservedPost.parse("a=%FF").isEmpty());
    }

    @Test
    void parseWhenRawCharactersOutsidePrintableAsciiThenRefused() {
        assertTrue(PreservedPost.parse("a=\u00e9").isEmpty());
        assertTrue(PreservedPost.parse("a=1\r\nb=2").isEmpty());
        assertTrue(PreservedPost.parse("a=1 b").isEmpty());
    }

    @Test
    void parseWhenDecodedControlCharactersThenRefusedExceptTabAndLineBreaks() {
        assertTrue(PreservedPost.parse("a=%00").isEmpty());
        assertTrue(PreservedPost.parse("a=%1B%5B2J").isEmpty());
        assertTrue(PreservedPost.parse("a=%7F").isEmpty());
        assertEquals(List.of("text=line 1\r\nline 2\tend"), fields("text=line+1%0D%0Aline+2%09end"));
    }

    @Test
    void parseWhenAFieldHasNoNameThenRefused() {
        assertTrue(PreservedPost.parse("=x").isEmpty());
        assertTrue(PreservedPost.parse("a=1&=2").isEmpty());
    }

    @Test
    void newWhenBodyMalformedThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PreservedPost("state", "a=%zz"));
    }

    @Test
    void toStringWhenCalledThenNeverTheBody() {
        assertFalse(new PreservedPost("state", "password=hunter2").toString().contains("hunter2"));
    }
}
