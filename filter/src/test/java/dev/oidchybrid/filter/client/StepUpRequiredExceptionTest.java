package dev.oidchybrid.filter.client;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading RFC 9470's {@code insufficient_user_authentication} challenge out of an API's answer. */
class StepUpRequiredExceptionTest {

    private static Optional<StepUpRequiredException> of(String... headers) {
        return StepUpRequiredException.fromChallenges(List.of(headers));
    }

    @Test
    void fromChallengesWhenAcrValuesAndMaxAgeThenBoth() {
        StepUpRequiredException stepUp = of("Bearer error=\"insufficient_user_authentication\", "
                + "error_description=\"more\", acr_values=\"mfa  hwk\", max_age=\"300\", unknown=\"ignored\"").orElseThrow();
        assertEquals(List.of("mfa", "hwk"), stepUp.acrValues());
        assertEquals(OptionalLong.of(300), stepUp.maxAge());
    }

    @Test
    void fromChallengesWhenOnlyErrorThenNothingSpecificIsAskedFor() {
        StepUpRequiredException stepUp = of("Bearer error=insufficient_user_authentication").orElseThrow();
        assertEquals(List.of(), stepUp.acrValues());
        assertEquals(OptionalLong.empty(), stepUp.maxAge());
    }

    @Test
    void fromChallengesWhenDpopChallengeOrALaterHeaderThenFound() {
        assertTrue(of("DPoP algs=\"ES256\", error=\"insufficient_user_authentication\", max_age=0").isPresent());
        assertTrue(of("Basic realm=x", "Bearer realm=\"api\", error=\"insufficient_user_authentication\"").isPresent());
    }

    @Test
    void fromChallengesWhenAnotherErrorOrSchemeThenNoStepUp() {
        assertEquals(Optional.empty(), of("Bearer error=\"invalid_token\""));
        assertEquals(Optional.empty(), of("Basic error=\"insufficient_user_authentication\""));
        assertEquals(Optional.empty(), of());
    }

    @Test
    void fromChallengesWhenHeaderMalformedOrParameterRepeatedThenNoStepUp() {
        assertEquals(Optional.empty(), of("Bearer error=\"insufficient_user_authentication"));
        assertEquals(Optional.empty(), of("Bearer error=\"insufficient_user_authentication\", acr_values=a, "
                + "acr_values=b"));
    }

    @Test
    void fromChallengesWhenMaxAgeOrAcrValuesInvalidThenNoStepUp() {
        assertEquals(Optional.empty(), of("Bearer error=insufficient_user_authentication, max_age=\"-1\""));
        assertEquals(Optional.empty(), of("Bearer error=insufficient_user_authentication, max_age=\"5m\""));
        assertEquals(Optional.empty(), of("Bearer error=insufficient_user_authentication, acr_values=\"\""));
        assertEquals(Optional.empty(), of("Bearer error=insufficient_user_authentication, acr_values=\"a\\\\b\""));
    }

    @Test
    void ofWhenResponseIs401WithTheChallengeThenStepUpElseNone() {
        Response answer = Response.status(401).header("WWW-Authenticate",
                "Bearer error=\"insufficient_user_authentication\", acr_values=\"mfa\"").build();
        assertEquals(List.of("mfa"), StepUpRequiredException.of(answer).orElseThrow().acrValues());
        StepUpRequiredException thrown = assertThrows(StepUpRequiredException.class,
                () -> StepUpRequiredException.throwIfRequired(answer));
        assertEquals(List.of("mfa"), thrown.acrValues());
        assertEquals(Optional.empty(), StepUpRequiredException.of(Response.status(403).header("WWW-Authenticate",
                "Bearer error=\"insufficient_user_authentication\"").build()), "only a 401 asks for a step-up");
        StepUpRequiredException.throwIfRequired(Response.ok().build());
    }

    @Test
    void causeOfWhenWrappedThenFoundElseEmpty() {
        StepUpRequiredException stepUp = new StepUpRequiredException(List.of("mfa"), OptionalLong.empty());
        assertEquals(Optional.of(stepUp), StepUpRequiredException.causeOf(stepUp));
        assertEquals(Optional.of(stepUp), StepUpRequiredException.causeOf(new RuntimeException(
                new jakarta.servlet.ServletException("wrapped", stepUp))));
        assertEquals(Optional.empty(), StepUpRequiredException.causeOf(new IllegalStateException("other")));
    }

    @Test
    void constructorWhenAcrValueHasSpacesOrMaxAgeNegativeThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepUpRequiredException(List.of("a b"),
                OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new StepUpRequiredException(List.of(), OptionalLong.of(-1)));
    }
}
