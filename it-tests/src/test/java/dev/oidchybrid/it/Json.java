package dev.oidchybrid.it;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.util.Map;

/**
 * Reads JSON answers with jose4j's parser, which the testkit brings anyway: the test class path must stay free
 * of JSON-B/Jersey, which the container would otherwise share with the WAR.
 */
final class Json {

    private Json() {
    }

    /** The JSON object in {@code text}. */
    static Map<String, Object> object(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }
}
