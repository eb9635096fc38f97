package dev.oidchybrid.filter.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads raw parameter values into typed ones and collects every problem instead of stopping at the first, so
 * one {@code invalid_configuration} failure can name them all. Each settings record parses its own parameters
 * through one reader; a bad value is reported here and read as {@code null}, empty or its default.
 *
 * <p>Every problem starts with the parameter's name, e.g. {@code clock-skew must be between 0 and 600}.
 */
final class ParamReader {

    private final Map<InitParam, String> raw;
    private final List<String> problems = new ArrayList<>();

    /** @param raw trimmed, non-blank values by parameter, defaults filled in (absent: unset, no default) */
    ParamReader(Map<InitParam, String> raw) {
        this.raw = raw.isEmpty() ? new EnumMap<>(InitParam.class) : new EnumMap<>(raw);
    }

    /** The problems found so far, in the order found. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    void problem(InitParam param, String message) {
        problems.add(param.paramName() + " " + message);
    }

    /** A problem of several parameters together; the message names them. */
    void problem(String message) {
        problems.add(message);
    }

    /** The raw value, or {@code null} when unset and without a default. */
    String value(InitParam param) {
        return raw.get(param);
    }

    Optional<String> optional(InitParam param) {
        return Optional.ofNullable(raw.get(param));
    }

    /** The raw value; reports how to set it when unset. */
    String required(InitParam param) {
        String value = raw.get(param);
        if (value == null) {
            problem(param, "is required (init-param '" + param.paramName() + "', system property '"
                    + param.systemProperty() + "' or environment variable '" + param.environmentVariable() + "')");
        }
        return value;
    }

    /** One of a fixed set of values, or {@code null} (reported with {@code message}) when the value is none. */
    <T> T choice(InitParam param, Function<String, Optional<T>> parser, String message) {
        T parsed = parser.apply(raw.get(param)).orElse(null);
        if (parsed == null) {
            problem(param, message);
        }
        return parsed;
    }

    /** {@code true} or {@code false} in any case; anything else is reported and reads as false. */
    boolean bool(InitParam param) {
        String value = optional(param).or(() -> Optional.ofNullable(param.defaultValue())).orElse("false")
                .toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            problem(param, "must be true or false");
        }
        return value.equals("true");
    }

    /** A whole number in {@code [min, max]}, or empty when unset or reported. */
    Optional<Long> optionalLong(InitParam param, long min, long max) {
        String value = raw.get(param);
        if (value == null) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                problem(param, "must be between " + min + " and " + max);
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            problem(param, "must be a whole number");
            return Optional.empty();
        }
    }

    /** A whole number in {@code [min, max]}; the parameter's default when the value is reported. */
    long boundedLong(InitParam param, long min, long max) {
        return optionalLong(param, min, max).orElseGet(() -> Long.parseLong(param.defaultValue()));
    }

    int boundedInt(InitParam param, int min, int max) {
        return (int) boundedLong(param, min, max);
    }

    Duration seconds(InitParam param, long min, long max) {
        return Duration.ofSeconds(boundedLong(param, min, max));
    }

    Duration millis(InitParam param, long min, long max) {
        return Duration.ofMillis(boundedLong(param, min, max));
    }

    /** The entries between {@code separator}s (a regular expression), trimmed, empty ones left out. */
    List<String> entries(InitParam param, String separator) {
        String value = raw.get(param);
        List<String> entries = new ArrayList<>();
        if (value != null) {
            for (String entry : value.split(separator)) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }

    /** A comma-separated list, trimmed, empty entries left out; empty when unset. */
    List<String> commaList(InitParam param) {
        return entries(param, ",");
    }

    /** Comma-separated {@code name=value} pairs, names and values trimmed; a later name wins. */
    Map<String, String> pairs(InitParam param) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : commaList(param)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                problem(param, "entry '" + entry + "' is not name=value");
            } else {
                pairs.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        }
        return pairs;
    }

    /** A query string ({@code a=1&b=x%20y}), percent-decoded, in order, repeated names kept. */
    List<Map.Entry<String, String>> queryPairs(InitParam param) {
        String value = raw.get(param);
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (value == null) {
            return pairs;
        }
        for (String pair : value.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problem(param, "entry '" + pair + "' is not name=value");
                continue;
            }
            try {
                pairs.add(Map.entry(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                problem(param, "entry '" + pair + "' is not valid percent-encoding");
            }
        }
        return pairs;
    }

    /** A plain path in the application ({@code /callback}), or {@code null} when reported. */
    String path(InitParam param) {
        String value = raw.get(param);
        if (value == null || !value.startsWith("/") || value.contains("?") || value.contains("#")
                || value.contains("..") || value.contains("\\") || value.startsWith("//")) {
            problem(param, "must be a plain path starting with '/', relative to the context");
            return null;
        }
        return value;
    }

    /** An absolute http(s) URL with a host; empty when unset or reported. */
    Optional<URI> url(InitParam param) {
        String value = raw.get(param);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                problem(param, "must be an absolute http(s) URL");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problem(param, "is not a valid URL");
            return Optional.empty();
        }
    }

    /** Reports an http URL unless its host is a loopback name or address. */
    void httpsUnlessLoopback(InitParam param, URI uri) {
        if (uri.getScheme().equalsIgnoreCase("https")) {
            return;
        }
        String host = uri.getHost();
        if (!(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"))) {
            problem(param, "must use https (http is accepted only for localhost / 127.0.0.1)");
        }
    }

    /** Any URI (RFC 3986 syntax, any scheme, relative allowed); empty when unset or reported. */
    Optional<String> uri(InitParam param) {
        String value = raw.get(param);
        if (value == null) {
            return Optional.empty();
        }
        try {
            new URI(value);
            return Optional.of(value);
        } catch (URISyntaxException e) {
            problem(param, "is not a valid URI");
            return Optional.empty();
        }
    }
}
