package dev.oidchybrid.filter.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.function.Predicate;

/**
 * The cookies that carry a session (its sealed value or its handle): HttpOnly, for the application's context
 * path, {@code SameSite=Lax} (sent on top-level navigations from other sites, such as a link in a mail, but not
 * on cross-site subrequests), Secure whenever the request came over https, and without Max-Age, so they end
 * with the browser session; the server-side inactivity timeout applies on top.
 */
public final class SessionCookies {

    private final Predicate<HttpServletRequest> secure;

    public SessionCookies(Predicate<HttpServletRequest> secure) {
        this.secure = secure;
    }

    public static String read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    public void set(HttpServletRequest request, HttpServletResponse response, String name, String value) {
        response.addCookie(cookie(request, name, value, -1));
    }

    public void expire(HttpServletRequest request, HttpServletResponse response, String name) {
        response.addCookie(cookie(request, name, "", 0));
    }

    private Cookie cookie(HttpServletRequest request, String name, String value, int maxAge) {
        Cookie cookie = new Cookie(name, value);
        String context = request.getContextPath();
        cookie.setPath(context.isEmpty() ? "/" : context);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Lax");
        cookie.setSecure(secure.test(request));
        return cookie;
    }
}
