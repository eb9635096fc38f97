package dev.oidchybrid.filter.internal.flow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A form a browser posted to a protected page while it had no session ({@code preserve-post}, as mod_auth_openidc's
 * {@code OIDCPreservePost}), kept for the login it started and replayed to the same page after the callback. Bound
 * to that login's {@code state}: the callback of any other login refuses it.
 *
 * @param state the {@code state} of the login it belongs to
 * @param body  the {@code application/x-www-form-urlencoded} body exactly as posted (printable ASCII; names
 *              and values stay percent-encoded until {@link #fields()})
 */
public record PreservedPost(String state, String body) {

    /** One form field, in the order posted; a name may occur more than once. */
    public record Field(String name, String value) {
    }

    public PreservedPost {
        if (state == null || body == null || parse(body).isEmpty()) {
            throw new IllegalArgumentException("a state and a well-formed form body are required");
        }
    }

    /** The posted fields, decoded (UTF-8), in order, duplicates kept. */
    public List<Field> fields() {
        return parse(body).orElseThrow();
    }

    /** Never the body: a preserved form may hold anything the user typed. */
    @Override
    public String toString() {
        return "PreservedPost[" + body.length() + " bytes]";
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body (WHATWG URL §5.1), or empty when it is not a
     * form a browser would send: a character outside printable ASCII, a {@code %} not followed by two hex digits,
     * an encoded name or value that is not UTF-8 or holds a control character other than tab, CR and LF (which no
     * form field a user fills in holds, and which an HTML page could not post again unchanged), or a field with an
     * empty name. Empty pairs ({@code a=1&&b=2}) are
     * skipped, as browsers and containers do; a pair without {@code =} is a field with an empty value.
     */
    public static Optional<List<Field>> parse(String body) {
        List<Field> fields = new ArrayList<>();
        if (body.isEmpty()) {
            return Optional.of(fields);
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.empty();
            }
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<String> name = decode(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (name.isEmpty() || value.isEmpty() || name.get().isEmpty()) {
                return Optional.empty();
            }
            fields.add(new Field(name.get(), value.get()));
        }
        return Optional.of(fields);
    }

    private static Optional<String> decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(decoded);
    }
}
