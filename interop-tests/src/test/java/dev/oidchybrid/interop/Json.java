package dev.oidchybrid.interop;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.util.Map;

/** Reads JSON answers with jose4j's parser (brought by the testkit). */
final class Json {

    private Json() {
    }

    static Map<String, Object> object(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }
}
