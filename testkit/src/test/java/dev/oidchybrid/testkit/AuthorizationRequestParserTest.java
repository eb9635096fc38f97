package dev.oidchybrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.oidchybrid.testkit.AuthorizationRequestParser.Accepted;
import dev.oidchybrid.testkit.AuthorizationRequestParser.ErrorRedirect;
import dev.oidchybrid.testkit.AuthorizationRequestParser.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationRequestParserTest {

    private final AuthorizationRequestParser parser = new AuthorizationRequestParser(
            Map.of(DevProvider.DEMO_CLIENT_ID, ClientRegistration.demo()), "http://op.test");

    private Outcome parse(AuthRequest request) {
        return parser.parse(Params.parse(Params.encode(request.params)));
    }

    private String error(AuthRequest request) {
        return assertInstanceOf(ErrorRedirect.class, parse(request)).response().params().get("error");
    }

    @Test
    void parseWhenResponseTypeValuesReorderedThenSameType() {
        Accepted accepted = assertInstanceOf(Accepted.class,
                parse(AuthRequest.valid().with("response_type", "token id_token code")));

        assertEquals(ResponseType.CODE_ID_TOKEN_TOKEN, accepted.request().responseType());
        assertEquals(ResponseMode.FRAGMENT, accepted.request().responseMode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none login", "sometimes"})
    void parseWhenPromptInvalidThenInvalidRequest(String prompt) {
        assertEquals("invalid_request", error(AuthRequest.valid().with("prompt", prompt)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "ten", "1.5"})
    void parseWhenMaxAgeMalformedThenInvalidRequest(String maxAge) {
        assertEquals("invalid_request", error(AuthRequest.valid().with("max_age", maxAge)));
    }

    @Test
    void parseWhenResponseModeUnknownThenInvalidRequest() {
        assertEquals("invalid_request", error(AuthRequest.valid().with("response_mode", "web_message")));
    }

    @Test
    void parseWhenRequestObjectGivenThenRequestNotSupported() {
        assertEquals("request_not_supported", error(AuthRequest.valid().with("request", "eyJ...")));
    }

    @Test
    void parseWhenCodeChallengeMalformedThenInvalidRequest() {
        assertEquals("invalid_request", error(AuthRequest.valid().with("code_challenge", "short")));
    }

    @Test
    void parseWhenResponseTypeMissingThenInvalidRequest() {
        assertEquals("invalid_request", error(AuthRequest.valid().without("response_type")));
    }
}
