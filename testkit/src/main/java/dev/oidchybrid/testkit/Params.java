package dev.oidchybrid.testkit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a query string or an {@code application/x-www-form-urlencoded} body (RFC 6749, Appendix B),
 * keeping repeated names so endpoints can refuse them (RFC 6749, 3.1 and 3.2: parameters MUST NOT be included
 * more than once). An empty value counts as absent (RFC 6749, 3.1).
 */
final class Params {

    static final Params EMPTY = new Params(Map.of());

    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses form-urlencoded text.
     *
     * @param encoded the raw text, may be null or empty
     * @return the parameters
     * @throws BadRequestException when the percent-encoding is malformed
     */
    static Params parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new Params(Collections.unmodifiableMap(values));
    }

    /**
     * Encodes name/value pairs as form-urlencoded text, in iteration order.
     *
     * @param params the pairs; null values are skipped
     * @return e.g. {@code code=abc&state=x%20y}
     */
    static String encode(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return out.toString();
    }

    /** The pairs of {@code params} as parameters, in iteration order; null and empty values are left out. */
    static Params of(Map<String, String> params) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                values.put(name, List.of(value));
            }
        });
        return new Params(Collections.unmodifiableMap(values));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed percent-encoding");
        }
    }

    /** The first non-empty value of {@code name}, or null when absent or empty. */
    String get(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        for (String value : list) {
            if (!value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** Whether {@code name} has a non-empty value. */
    boolean has(String name) {
        return get(name) != null;
    }

    /** The names that occur more than once with a non-empty value. */
    List<String> repeatedNames() {
        List<String> repeated = new ArrayList<>();
        values.forEach((name, list) -> {
            if (list.stream().filter(v -> !v.isEmpty()).count() > 1) {
                repeated.add(name);
            }
        });
        return repeated;
    }

    /** These parameters without {@code names}. */
    Params without(Set<String> names) {
        Map<String, List<String>> kept = new LinkedHashMap<>(values);
        kept.keySet().removeAll(names);
        return new Params(Collections.unmodifiableMap(kept));
    }

    /** These parameters and {@code name}={@code value} (replacing any values of {@code name}). */
    Params with(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(values);
        more.put(name, List.of(value));
        return new Params(Collections.unmodifiableMap(more));
    }

    Set<String> names() {
        return values.keySet();
    }

    @Override
    public String toString() {
        return "Params" + values.keySet();
    }
}
