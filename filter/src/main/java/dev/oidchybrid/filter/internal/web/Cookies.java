package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.session.CookieJar;
import dev.oidchybrid.filter.internal.session.CookieNames;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * The filter's cookies on one request and its response: names from {@link CookieNames} ({@code __Host-} and the
 * application's tag on secure requests), always HttpOnly, Secure exactly when the request is secure, with the
 * path {@link CookieNames#path} gives.
 */
final class Cookies {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final boolean secure;
    private final String context;

    Cookies(HttpServletRequest request, HttpServletResponse response, boolean secure) {
        this.request = request;
        this.response = response;
        this.secure = secure;
        this.context = request.getServletContext() == null ? "" : request.getServletContext().getContextPath();
    }

    /** Whether the request is secure (https, or http on a loopback host): the cookies are then Secure. */
    boolean secure() {
        return secure;
    }

    /** The name this application's cookie {@code base} has on this request. */
    String name(String base) {
        return CookieNames.name(base, context, secure);
    }

    /** The value of this application's cookie {@code base}, or null. */
    String read(String base) {
        return value(name(base));
    }

    /** The value of the first cookie named exactly {@code name}, or null. */
    String value(String name) {
        for (Cookie cookie : all()) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The request's cookies whose names start with {@code prefix}, in the order sent. */
    List<Cookie> startingWith(String prefix) {
        List<Cookie> found = new ArrayList<>();
        for (Cookie cookie : all()) {
            if (cookie.getName().startsWith(prefix)) {
                found.add(cookie);
            }
        }
        return found;
    }

    /** Sets this application's cookie {@code base}. */
    void set(String base, String value, int maxAge, String sameSite) {
        setNamed(name(base), value, maxAge, sameSite);
    }

    /**
     * Sets the cookie of exactly this name.
     *
     * @param maxAge   seconds, 0 to expire it, -1 for a browser-session cookie
     * @param sameSite {@code Strict}, {@code Lax}, {@code None}, or null for none
     */
    void setNamed(String name, String value, int maxAge, String sameSite) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(CookieNames.path(context, secure));
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        cookie.setSecure(secure);
        if (sameSite != null) {
            cookie.setAttribute("SameSite", sameSite);
        }
        response.addCookie(cookie);
    }

    /**
     * The session stores' port: browser-session cookies (no Max-Age, the server-side timeout applies on top),
     * {@code SameSite=Lax}: sent on top-level navigations from other sites, such as a link in a mail, not on
     * cross-site subrequests.
     */
    CookieJar sessionJar() {
        return new CookieJar() {
            @Override
            public String read(String base) {
                return Cookies.this.read(base);
            }

            @Override
            public void set(String base, String value) {
                Cookies.this.set(base, value, -1, "Lax");
            }

            @Override
            public void expire(String base) {
                Cookies.this.set(base, "", 0, "Lax");
            }
        };
    }

    private Cookie[] all() {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? new Cookie[0] : cookies;
    }
}
