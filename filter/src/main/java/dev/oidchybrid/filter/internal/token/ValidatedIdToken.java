package dev.oidchybrid.filter.internal.token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ID token that passed every rule: the compact signed form (as received, or decrypted from the JWE received
 * with {@code id-token-decryption-key}) and its claims, deeply unmodifiable (values are String, Long, Double,
 * Boolean, List, Map or null, as in the JSON).
 */
public record ValidatedIdToken(String raw, Map<String, Object> claims) {

    @SuppressWarnings("unchecked")
    public ValidatedIdToken {
        claims = (Map<String, Object>) freeze(claims);
    }

    public String issuer() {
        return (String) claims.get("iss");
    }

    public String subject() {
        return (String) claims.get("sub");
    }

    /** A deep, unmodifiable copy of a JSON value. */
    public static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
