package dev.oidchybrid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the endpoints see it: a value, so endpoint logic needs no sockets.
 *
 * @param method  the method, upper case
 * @param path    the decoded path
 * @param query   the query parameters
 * @param form    the body parameters when the body is {@code application/x-www-form-urlencoded}, else empty
 * @param headers header values by lower-case name
 */
record Request(String method, String path, Params query, Params form, Map<String, List<String>> headers) {

    /** The first value of a header (name case-insensitive), or null. */
    String header(String name) {
        List<String> list = headers.get(name.toLowerCase(Locale.ROOT));
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Every value of cookie {@code name} in the Cookie headers (browsers may send several with one name). */
    List<String> cookies(String name) {
        List<String> found = new ArrayList<>();
        for (String header : headers.getOrDefault("cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    found.add(pair.substring(eq + 1).trim());
                }
            }
        }
        return found;
    }

    /** The media type of the body without parameters, lower case, or "" when absent. */
    String mediaType() {
        String type = header("content-type");
        if (type == null) {
            return "";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    boolean isGet() {
        return "GET".equals(method);
    }

    boolean isPost() {
        return "POST".equals(method);
    }

    /** The query for GET, the form body for POST: where OAuth endpoints that accept both read parameters. */
    Params params() {
        return isPost() ? form : query;
    }
}
