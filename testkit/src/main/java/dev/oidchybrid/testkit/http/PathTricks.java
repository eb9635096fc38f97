package dev.oidchybrid.testkit.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Raw request paths that try to reach one path while looking like another, for tests that prove a path rule
 * (login exclusions, required scopes) holds whatever way a request spells its path. Send them with
 * {@link RawHttp}: a client library would normalise most of them away. Containers differ in which of them they
 * refuse, normalise or pass through, so a test asserts on what the protected code saw, not on status codes.
 */
public final class PathTricks {

    /** Spellings of a {@code ..} segment: plain, encoded in every case mix, with path parameters. */
    private static final List<String> DOT_DOT = List.of("..", "%2e%2e", "%2E%2E", "%2e%2E", "%2E%2e", ".%2e",
            ".%2E", "%2e.", "%2E.", "..;", "..;x=1", "%2e%2e;", "..%00", "%2e%2e%00");

    private PathTricks() {
    }

    /**
     * Paths that start with {@code from} (e.g. an excluded {@code /public}) but may be dispatched to
     * {@code target} (e.g. a protected {@code /admin/x}), both starting with {@code /}.
     */
    public static List<String> from(String from, String target) {
        String t = target.substring(1);
        LinkedHashSet<String> tricks = new LinkedHashSet<>();
        for (String dotDot : DOT_DOT) {
            tricks.add(from + "/" + dotDot + "/" + t);
        }
        tricks.add(from + "/./../" + t);
        tricks.add(from + "/%2e/../" + t);
        tricks.add(from + "/x/../../" + t);
        tricks.add(from + "//../" + t);
        tricks.add(from + "/.//../" + t);
        tricks.add(from + ";x/../" + t);
        tricks.add(from + ";/../" + t);
        tricks.add(from + "/..%2f" + t);
        tricks.add(from + "/..%2F" + t);
        tricks.add(from + "/%2e%2e%2f" + t);
        tricks.add(from + "%2f..%2f" + t);
        tricks.add(from + "/..%5c" + t);
        tricks.add(from + "/..%5C" + t);
        tricks.add(from + "/..\\" + t);
        tricks.add(from + "\\..\\" + t);
        tricks.add(from + "/%5c..%5c" + t);
        tricks.add(from + "/%252e%252e/" + t);
        // overlong UTF-8 for '.' and '/', which lenient decoders once read as the characters themselves
        tricks.add(from + "/%c0%ae%c0%ae/" + t);
        tricks.add(from + "/%C0%AE%C0%AE/" + t);
        tricks.add(from + "/%e0%80%ae%e0%80%ae/" + t);
        tricks.add(from + "/..%c0%af" + t);
        tricks.add(from + "/%00/../" + t);
        tricks.add(from.toUpperCase(java.util.Locale.ROOT) + "/../" + t);
        tricks.add(from + "/../" + t + "/");
        tricks.add(from + "/../" + t + ";x");
        tricks.add(from + "/../" + t + "%3bx");
        tricks.add(from + "/..;/" + t + ";jsessionid=x");
        return List.copyOf(tricks);
    }

    /** Other spellings of {@code path} itself (e.g. a path a rule names): parameters, escapes, dot segments. */
    public static List<String> spellings(String path) {
        int slash = path.lastIndexOf('/');
        String parent = path.substring(0, slash);
        String name = path.substring(slash + 1);
        List<String> out = new ArrayList<>();
        out.add(path + ";x");
        out.add(path + ";x=1");
        out.add(parent + ";x/" + name);
        out.add(path + "/");
        out.add(path + "/.");
        out.add(parent + "/./" + name);
        out.add(parent + "/x/../" + name);
        out.add(parent + "/x/..;/" + name);
        out.add(parent + "/%2e/" + name);
        out.add(parent + "/x/%2e%2e/" + name);
        out.add(parent + "//" + name);
        out.add("/" + path);
        out.add(parent + "/" + percentEncodeFirst(name));
        out.add(parent + "/" + percentEncodeAll(name));
        out.add(parent + "/" + name + "%3bx");
        out.add(parent + "/" + name + "%00");
        out.add(parent + "/" + name + "%2f");
        out.add(parent + "\\" + name);
        return List.copyOf(out);
    }

    private static String percentEncodeFirst(String name) {
        return String.format("%%%02x", (int) name.charAt(0)) + name.substring(1);
    }

    private static String percentEncodeAll(String name) {
        StringBuilder out = new StringBuilder();
        name.chars().forEach(c -> out.append(String.format("%%%02X", c)));
        return out.toString();
    }
}
