package dev.oidchybrid.filter.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a {@code WWW-Authenticate} header value into its challenges (RFC 9110 §11.6.1, §11.2): an auth scheme,
 * then a token68 or comma-separated {@code name=value} parameters, values a token or a quoted string (with
 * {@code \}-escapes). Strict: a parameter named twice in one challenge, an unterminated quoted string, a control
 * character or any other syntax error refuses the whole header, since a lenient reading of a header that an
 * attacker in the path may have shaped could take the wrong parameters. Scheme and parameter names are returned in
 * lower case (they are case-insensitive); values as sent. Pure.
 */
public final class AuthenticateChallenges {

    /**
     * One challenge.
     *
     * @param scheme the auth scheme, lower case ({@code bearer}, {@code dpop})
     * @param params its parameters by lower-case name (none for a token68 challenge)
     */
    public record Challenge(String scheme, Map<String, String> params) {

        public Challenge {
            params = Map.copyOf(params);
        }
    }

    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    private final String text;
    private int at;

    private AuthenticateChallenges(String text) {
        this.text = text;
    }

    /**
     * The challenges of one header value, in order.
     *
     * @throws IllegalArgumentException when the value is not a valid challenge list
     */
    public static List<Challenge> parse(String header) {
        return new AuthenticateChallenges(header).challenges();
    }

    private List<Challenge> challenges() {
        List<Challenge> challenges = new ArrayList<>();
        skipSeparators();
        while (at < text.length()) {
            String scheme = token();
            if (scheme == null) {
                throw fail("an auth scheme");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (at < text.length() && text.charAt(at) == ' ') {
                skipSpaces();
                if (at < text.length() && text.charAt(at) != ',' && !token68()) {
                    params(params);
                }
            }
            challenges.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
            skipSpaces();
            if (at < text.length()) {
                expect(',');
                skipSeparators();
            }
        }
        if (challenges.isEmpty()) {
            throw fail("a challenge");
        }
        return challenges;
    }

    /** Reads {@code name=value} parameters until the list ends or a comma starts the next challenge. */
    private void params(Map<String, String> params) {
        while (true) {
            String name = token();
            if (name == null) {
                throw fail("a parameter name");
            }
            skipSpaces();
            expect('=');
            skipSpaces();
            String value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
            if (value == null) {
                throw fail("a parameter value");
            }
            if (params.put(name.toLowerCase(Locale.ROOT), value) != null) {
                throw new IllegalArgumentException("parameter '" + name + "' appears twice in one challenge");
            }
            int end = at;
            skipSpaces();
            if (at >= text.length()) {
                return;
            }
            expect(',');
            skipSeparators();
            int next = at;
            boolean another = token() != null && skipSpaces() && at < text.length() && text.charAt(at) == '=';
            at = another ? next : end;
            if (!another) {
                return;
            }
        }
    }

    /** Consumes a token68 ({@code abc==}) when one stands here alone, and says whether it did. */
    private boolean token68() {
        int start = at;
        int i = at;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) < 128
                || "-._~+/".indexOf(text.charAt(i)) >= 0)) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        int end = i;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i < text.length() && text.charAt(i) != ',') {
            return false;
        }
        at = end;
        return true;
    }

    private String token() {
        int start = at;
        while (at < text.length() && isTchar(text.charAt(at))) {
            at++;
        }
        return at == start ? null : text.substring(start, at);
    }

    private static boolean isTchar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || TCHAR.indexOf(c) >= 0);
    }

    private String quoted() {
        StringBuilder value = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (at >= text.length()) {
                    break;
                }
                c = text.charAt(at++);
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("control character in a quoted string");
            }
            value.append(c);
        }
        throw new IllegalArgumentException("unterminated quoted string");
    }

    /** Skips spaces and tabs; always true, so it can stand in a condition. */
    private boolean skipSpaces() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
        return true;
    }

    /** Skips spaces and empty list elements. */
    private void skipSeparators() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == ',')) {
            at++;
        }
    }

    private void expect(char c) {
        if (at >= text.length() || text.charAt(at) != c) {
            throw fail("'" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException fail(String expected) {
        return new IllegalArgumentException("expected " + expected + " at position " + at);
    }
}
