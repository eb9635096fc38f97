package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The path a request is dispatched on within the application, {@code getServletPath() + getPathInfo()}: the
 * container's decoded, normalised path, the one that chose the servlet, and so the only one every "which path is
 * this" question may be decided on. The raw request URI is not: {@code /public/../admin}, {@code /public/..;/admin}
 * or {@code /public/%2e%2e/admin} start with {@code /public/} yet run the servlet at {@code /admin}.
 *
 * <p>{@link #plain()} says whether the raw URI spells exactly that path: no dot segments (plain or encoded), no
 * empty segments, no encoded {@code /}, {@code \}, {@code .}, {@code %}, {@code ;} or control characters, no
 * backslash, no segment a Windows file system would read as another (trailing dot or space, {@code ::$}), valid
 * UTF-8, and (path parameters removed, decoded) equal to the dispatch path. Only a plain request
 * may be let through unprotected: containers differ in how they read the rest, so anything else is treated as
 * protected (fail closed).
 *
 * @param path  the dispatch path, starting with {@code /}
 * @param plain whether the raw request URI agrees with it unambiguously
 */
record DispatchPath(String path, boolean plain) {

    /**
     * {@link #of}, or null after answering 400 {@code invalid_path} when the container itself cannot say which path
     * this is (Jetty: an ambiguous URI).
     */
    static DispatchPath ofOrRefuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            return of(request);
        } catch (IllegalArgumentException e) {
            ErrorResponses.send(request, response, new OidcException(ErrorCode.INVALID_PATH,
                    "the container could not resolve the request path: " + e.getMessage(), ""));
            return null;
        }
    }

    /**
     * The dispatch path of a request.
     *
     * @throws IllegalArgumentException when the container cannot say (Jetty refuses ambiguous URIs this way)
     */
    static DispatchPath of(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null || pathInfo.isEmpty() ? (servletPath == null ? "" : servletPath)
                : servletPath == null ? pathInfo : servletPath + pathInfo;
        if (path.isEmpty()) {
            path = "/";
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null || context == null || !uri.startsWith(context)) {
            return new DispatchPath(path, false);
        }
        // nearly every request: the raw path is the dispatch path, letter for letter, with nothing to decode
        int rawLength = uri.length() - context.length();
        if (rawLength == path.length() && uri.startsWith(path, context.length())
                && spelledPlainly(uri, context.length())) {
            return new DispatchPath(path, true);
        }
        return new DispatchPath(path, agrees(uri.substring(context.length()), path));
    }

    /**
     * Whether a raw path (request URI less the context path, still encoded) spells exactly the dispatch path:
     * path parameters removed and percent-escapes decoded (UTF-8), with nothing a container could read in
     * another way.
     */
    static boolean agrees(String raw, String dispatchPath) {
        String decoded = decodePlain(raw.isEmpty() ? "/" : raw);
        return decoded != null && decoded.equals(dispatchPath);
    }

    /** The raw path with path parameters removed and decoded, or null when any part of it is ambiguous. */
    private static String decodePlain(String raw) {
        if (raw.charAt(0) != '/') {
            return null;
        }
        if (spelledPlainly(raw, 0)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        int i = 0;
        while (i < raw.length()) {
            // one segment: from after a '/' to the next '/'
            int end = raw.indexOf('/', i + 1);
            if (end < 0) {
                end = raw.length();
            }
            int semicolon = raw.indexOf(';', i + 1);
            int nameEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
            String segment = decodeSegment(raw.substring(i + 1, nameEnd), bytes);
            if (segment == null || segment.equals(".") || segment.equals("..")
                    || segment.isEmpty() && end < raw.length() || windowsAlias(segment)) {
                return null;
            }
            out.append('/').append(segment);
            i = end;
        }
        return out.toString();
    }

    /**
     * Whether the raw path has nothing to decode or doubt: printable ASCII only, without {@code %}, {@code ;},
     * {@code \}, {@code :} or space, no empty segment before the last, no segment ending in {@code .} (so neither
     * {@code .} nor {@code ..}). Such a path decodes to itself, which is what nearly every request is; anything
     * else takes the segment-by-segment decoding, which decides it in full.
     *
     * @param from where the raw path starts in {@code raw} (after the context path); it must start with {@code /}
     */
    private static boolean spelledPlainly(String raw, int from) {
        if (from >= raw.length() || raw.charAt(from) != '/') {
            return false;
        }
        char previous = '/';
        for (int i = from + 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == ';' || c == '\\' || c == ':'
                    || c == '/' && (previous == '/' || previous == '.')) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    /**
     * Segments a Windows file system reads as another name: a trailing dot or space ({@code ..%20},
     * {@code ...}, {@code x.}) or an NTFS stream ({@code x::$DATA}).
     */
    private static boolean windowsAlias(String segment) {
        return !segment.isEmpty() && (segment.endsWith(".") || segment.endsWith(" ") || segment.contains("::$"));
    }

    /** One segment decoded, or null for a backslash, a control character, a dangerous escape or bad UTF-8. */
    private static String decodeSegment(String segment, ByteBuffer bytes) {
        bytes.clear();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                int b = high << 4 | low;
                if (b < 0x20 || b == 0x7f || b == '/' || b == '\\' || b == '.' || b == '%' || b == ';') {
                    return null;
                }
                bytes.put((byte) b);
                i += 2;
            } else if (c == '\\' || c < 0x20 || c == 0x7f || c > 0x7e) {
                return null;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
