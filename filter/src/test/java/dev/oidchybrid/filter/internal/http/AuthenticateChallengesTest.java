package dev.oidchybrid.filter.internal.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code WWW-Authenticate} grammar of RFC 9110 §11.6.1, read strictly. */
class AuthenticateChallengesTest {

    @Test
    void parseWhenRfc9470ExampleThenSchemeAndEveryParameter() {
        List<AuthenticateChallenges.Challenge> challenges = AuthenticateChallenges.parse("Bearer "
                + "error=\"insufficient_user_authentication\", error_description=\"A different authentication level "
                + "is required\", acr_values=\"myACR\"");
        assertEquals(1, challenges.size());
        assertEquals("bearer", challenges.get(0).scheme());
        assertEquals(Map.of("error", "insufficient_user_authentication", "error_description",
                "A different authentication level is required", "acr_values", "myACR"), challenges.get(0).params());
    }

    @Test
    void parseWhenValuesAreTokensThenTakenAsTheyAre() {
        assertEquals(Map.of("error", "insufficient_user_authentication", "max_age", "5"),
                AuthenticateChallenges.parse("Bearer error=insufficient_user_authentication, max_age=5").get(0).params());
    }

    @Test
    void parseWhenQuotedStringHasEscapesThenUnescaped() {
        assertEquals("say \"hi\" \\ ok", AuthenticateChallenges.parse("Bearer error_description=\"say \\\"hi\\\" \\\\ ok\"")
                .get(0).params().get("error_description"));
    }

    @Test
    void parseWhenSeveralChallengesInOneHeaderThenEachWithItsOwnParameters() {
        List<AuthenticateChallenges.Challenge> challenges = AuthenticateChallenges.parse(
                "Basic realm=\"a, b\", charset=UTF-8, Negotiate abc==, DPoP algs=\"ES256\", error=x, Bearer");
        assertEquals(List.of("basic", "negotiate", "dpop", "bearer"),
                challenges.stream().map(AuthenticateChallenges.Challenge::scheme).toList());
        assertEquals(Map.of("realm", "a, b", "charset", "UTF-8"), challenges.get(0).params());
        assertEquals(Map.of(), challenges.get(1).params(), "a token68 has no parameters");
        assertEquals(Map.of("algs", "ES256", "error", "x"), challenges.get(2).params());
        assertEquals(Map.of(), challenges.get(3).params());
    }

    @Test
    void parseWhenNamesDifferInCaseThenLowerCased() {
        assertEquals(Map.of("error", "x"), AuthenticateChallenges.parse("BEARER Error=x").get(0).params());
    }

    @Test
    void parseWhenParameterRepeatedThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthenticateChallenges.parse("Bearer error=a, ERROR=\"b\""));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void parseWhenSameParameterInTwoChallengesThenEachKeepsItsOwn() {
        assertEquals(2, AuthenticateChallenges.parse("Bearer error=a, DPoP error=b").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Bearer error=\"unterminated", "Bearer error=\"a\"=", "Bearer =x", "Bearer error x",
            "Bearer error=\"a\" b", "Bearer error=\"a\u0001\"", "\"Bearer\" error=x", "Bearer error=a,, =b",
            "Bearer error=a b=c"})
    void parseWhenSyntaxBrokenThenRefused(String header) {
        assertThrows(IllegalArgumentException.class, () -> AuthenticateChallenges.parse(header));
    }
}
