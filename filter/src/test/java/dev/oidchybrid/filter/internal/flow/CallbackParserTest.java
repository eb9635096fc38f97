package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallbackParserTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String STATE = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private static Map<String, String[]> params(String... pairs) {
        Map<String, String[]> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], new String[] {pairs[i + 1]});
        }
        return map;
    }

    private static ErrorCode rejection(String method, String contentType, Map<String, String[]> params) {
        return assertThrows(OidcException.class, () -> CallbackParser.parse(method, contentType, params)).code();
    }

    @Test
    void parseWhenFormPostThenAllParametersRead() {
        CallbackParams p = CallbackParser.parse("POST", FORM + "; charset=UTF-8", params("state", STATE, "code", "c",
                "id_token", "a.b.c", "iss", "https://op", "session_state", "ignored"));
        assertEquals(STATE, p.state());
        assertEquals("c", p.code());
        assertEquals("a.b.c", p.idToken());
        assertEquals("https://op", p.iss());
        assertNull(p.accessToken());
    }

    @Test
    void parseWhenPostHasAQueryStringThenInvalidRequest() {
        OidcException e = assertThrows(OidcException.class, () -> CallbackParser.parse("POST", FORM, "state=" + STATE,
                params("state", STATE, "code", "c")));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(STATE, CallbackParser.parse("POST", FORM, "", params("state", STATE, "code", "c")).state(),
                "an empty query string is no query");
    }

    @Test
    void parseWhenGetThenInvalidRequest() {
        assertEquals(ErrorCode.INVALID_REQUEST, rejection("GET", null, params("state", STATE, "code", "c")));
    }

    @Test
    void parseWhenWrongContentTypeThenInvalidRequest() {
        assertEquals(ErrorCode.INVALID_REQUEST, rejection("POST", "application/json", params("state", STATE)));
        assertEquals(ErrorCode.INVALID_REQUEST, rejection("POST", null, params("state", STATE)));
    }

    @Test
    void parseWhenParameterDuplicatedThenInvalidRequest() {
        Map<String, String[]> params = params("state", STATE);
        params.put("code", new String[] {"one", "two"});
        assertEquals(ErrorCode.INVALID_REQUEST, rejection("POST", FORM, params));
    }

    @Test
    void parseWhenFieldHugeThenInvalidRequest() {
        assertEquals(ErrorCode.INVALID_REQUEST, rejection("POST", FORM,
                params("state", STATE, "id_token", "x".repeat(1024 * 1024))));
    }

    @Test
    void parseWhenStateMissingThenInvalidState() {
        assertEquals(ErrorCode.INVALID_STATE, rejection("POST", FORM, params("code", "c")));
    }

    @Test
    void parseWhenStateMalformedThenInvalidState() {
        assertEquals(ErrorCode.INVALID_STATE, rejection("POST", FORM, params("state", "<script>")));
        assertEquals(ErrorCode.INVALID_STATE, rejection("POST", FORM, params("state", "short")));
    }
}
