package dev.oidchybrid.filter.internal.session;

/**
 * The port through which a store reaches the browser's cookies of one request and its response. Names are base
 * names ({@code oidc_session_0}, ...): the web layer gives them their final name ({@code __Host-} on secure
 * requests, tagged with the application) and flags (HttpOnly, SameSite=Lax, Secure, no Max-Age).
 */
public interface CookieJar {

    /** The value the request carries for this cookie, or null. */
    String read(String base);

    /** Sets the cookie on the response. */
    void set(String base, String value);

    /** Expires the cookie on the response. */
    void expire(String base);
}
