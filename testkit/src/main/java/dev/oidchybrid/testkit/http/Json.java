package dev.oidchybrid.testkit.http;

import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Reads the JSON object of an answer (a discovery document, a profile page, a decoded token payload) with jose4j's
 * parser, which the kit brings anyway: tests need no JSON library of their own, and a class path that must stay free
 * of JSON-B or Jackson (shared with a WAR under test) stays so.
 */
public final class Json {

    private Json() {
    }

    /**
     * The JSON object in {@code text}: names to {@code String}, {@code Long}, {@code Double}, {@code Boolean},
     * {@code List}, {@code Map} or {@code null}.
     *
     * @throws AssertionError when {@code text} is not a JSON object (an array, a bare value, broken JSON), quoting it
     */
    public static Map<String, Object> object(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException | RuntimeException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }
}
