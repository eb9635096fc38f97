package dev.oidchybrid.filter.internal.web;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a raw request path (encoded, as sent) spells exactly the path the container dispatches: only then may a
 * path rule let a request through unprotected.
 */
class DispatchPathTest {

    @ParameterizedTest(name = "{0} dispatched as {1}: plain={2}")
    @CsvSource(delimiter = '|', value = {
            "/public/hello | /public/hello | true",
            "'' | / | true",
            "/ | / | true",
            "/public/ | /public/ | true",
            "/public/a%20b | /public/a b | true",
            "/public/caf%C3%A9 | /public/café | true",
            "/public/hello;jsessionid=abc | /public/hello | true",
            "/public;x/hello | /public/hello | true",
            // the container resolved the dot segments: the raw path says something else
            "/public/../admin/x | /admin/x | false",
            "/public/./hello | /public/hello | false",
            "/public/..;/admin/x | /admin/x | false",
            "/public/%2e%2e/admin/x | /admin/x | false",
            "/public/.%2E/admin/x | /admin/x | false",
            "/public/%2E/hello | /public/hello | false",
            "/public//../admin/x | /admin/x | false",
            "/public//hello | /public/hello | false",
            "/public/;x/hello | /public/hello | false",
            // a container that kept the encoded dots literally still gets no exclusion
            "/public/%2e%2e/admin | /public/../admin | false",
            "/public/..%2fadmin | /public/../admin | false",
            "/public/..%2Fadmin | /public/..%2Fadmin | false",
            "/public/..%5cadmin | /public/..\\admin | false",
            "/public/..\\admin | /public/..\\admin | false",
            "/public/%252e%252e/admin | /public/%2e%2e/admin | false",
            "/public/%c0%ae%c0%ae/admin | /public/\u00c0\u00ae\u00c0\u00ae/admin | false",
            "/public/%00/x | /public/\u0000/x | false",
            "/public/%3bx | /public/;x | false",
            "/public/%zz | /public/%zz | false",
            "/public/%2 | /public/%2 | false",
            // names a Windows file system reads as others
            "/public/..%20/secret | /public/.. /secret | false",
            "/public/.../secret | /public/.../secret | false",
            "/public/x. | /public/x. | false",
            "/public/x%20 | '/public/x ' | false",
            "/public/x::$DATA | /public/x::$DATA | false",
            "/public/.well-known/x | /public/.well-known/x | true",
            // the quick check for paths with nothing to decode, at its edges
            "/public/a:b | /public/a:b | true",
            "/public/.b | /public/.b | true",
            "/public/x./y | /public/x./y | false",
            "/. | /. | false",
            "/.. | /.. | false",
            "/public/hello | /public/hellO | false",
            "/public/hello/ | /public/hello | false",
            "'/public/a b' | /public/a b | true",
            // the dispatch path decides: these disagree with it whatever they look like
            "/public/hello | /hello | false",
            "/PUBLIC/hello | /public/hello | false",
            "public/hello | public/hello | false",
    })
    void agreesWhenRawSpellsDispatchPathPlainlyThenTrueElseFalse(String raw, String dispatch, boolean plain) {
        assertEquals(plain, DispatchPath.agrees(raw, dispatch));
    }

    /**
     * {@link DispatchPath#of} first tries a quick check for a raw path that is the dispatch path letter for letter;
     * whatever it decides must be what the full decoding ({@link DispatchPath#agrees}) decides, for every raw path
     * built from the pieces that trip path rules, in and out of a context path, dispatched whole or split into
     * servlet path and path info.
     */
    @Test
    void ofWhenTheRawPathIsTheDispatchPathThenTheQuickCheckDecidesAsTheDecodingDoes() {
        List<String> pieces = List.of("", ".", "..", "...", "a", "x.", ".b", "a:b", "%2e", "%2E%2e", ";x", "a;b",
                "\\", " ", "%20", "\u00e9", "\u0000", "\u007f", "A", "public", "x::$DATA", "%", "%zz");
        List<String> raws = new ArrayList<>();
        raws.add("");
        for (String first : pieces) {
            raws.add("/" + first);
            for (String second : pieces) {
                raws.add("/" + first + "/" + second);
                raws.add("/" + first + "//" + second);
                raws.add(first + "/" + second);
            }
        }
        int checked = 0;
        for (String context : List.of("", "/app")) {
            for (String raw : raws) {
                String dispatch = raw.isEmpty() ? "/" : raw;
                boolean expected = DispatchPath.agrees(raw, dispatch);
                assertEquals(expected, DispatchPath.of(request(context, context + raw, raw, null)).plain(),
                        () -> "context '" + context + "', raw '" + raw + "'");
                int slash = raw.indexOf('/', 1);
                if (slash > 0) {
                    assertEquals(expected, DispatchPath.of(request(context, context + raw, raw.substring(0, slash),
                            raw.substring(slash))).plain(), () -> "split: context '" + context + "', raw '" + raw
                            + "'");
                }
                checked++;
            }
        }
        assertTrue(checked > 2000, "inputs checked: " + checked);
    }

    @Test
    void ofWhenTheRequestUriIsOutsideTheContextPathThenNotPlain() {
        assertFalse(DispatchPath.of(request("/app", "/other/hello", "/hello", null)).plain());
        assertFalse(DispatchPath.of(request("/app", null, "/hello", null)).plain());
        assertTrue(DispatchPath.of(request("/app", "/app/hello", "/hello", null)).plain());
        assertEquals("/", DispatchPath.of(request("/app", "/app", "", null)).path());
    }

    private static HttpServletRequest request(String context, String uri, String servletPath, String pathInfo) {
        return (HttpServletRequest) Proxy.newProxyInstance(DispatchPathTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> context;
                    case "getRequestURI" -> uri;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
