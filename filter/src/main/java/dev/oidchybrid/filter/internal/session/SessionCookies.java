package dev.oidchybrid.filter.internal.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.function.Predicate;

/**
 * The cookies that carry a session (its sealed value or its handle), named by {@link CookieNames}
 * ({@code __Host-} on secure requests): HttpOnly, {@code SameSite=Lax} (sent on top-level navigations from other sites, such as a link in a mail, but not
 * on cross-site subrequests), Secure whenever the request came over https, and without Max-Age, so they end
 * with the browser session; the server-side inactivity timeout applies on top.
 */
public final class SessionCookies {

    private final Predicate<HttpServletRequest> secure;

    public SessionCookies(Predicate<HttpServletRequest> secure) {
        this.secure = secure;
    }

    /** The value of this application's cookie {@code base} (under its {@link CookieNames} name), or null. */
    public String read(HttpServletRequest request, String base) {
        String name = name(request, base);
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

    public void set(HttpServletRequest request, HttpServletResponse response, String base, String value) {
        response.addCookie(cookie(request, base, value, -1));
    }

    public void expire(HttpServletRequest request, HttpServletResponse response, String base) {
        response.addCookie(cookie(request, base, "", 0));
    }

    private String name(HttpServletRequest request, String base) {
        return CookieNames.name(base, request.getServletContext().getContextPath(), secure.test(request));
    }

    private Cookie cookie(HttpServletRequest request, String base, String value, int maxAge) {
        boolean isSecure = secure.test(request);
        Cookie cookie = new Cookie(CookieNames.name(base, request.getServletContext().getContextPath(), isSecure), value);
        cookie.setPath(CookieNames.path(request.getServletContext().getContextPath(), isSecure));
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Lax");
        cookie.setSecure(isSecure);
        return cookie;
    }
}
