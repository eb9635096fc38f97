package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.flow.PreservedPost;
import dev.oidchybrid.filter.internal.flow.PreservedPostSealer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Optional;

/**
 * The cookie that carries a form kept by {@code preserve-post} to the callback of the login it started: one per
 * browser (a newer kept form replaces an older one, whose login then ends on its page without a replay), sealed,
 * bound to that login's {@code state}, and as long-lived as the login. Always {@code HttpOnly}; on a secure request
 * {@code __Host-}, {@code Secure; SameSite=None}, so the cross-site form_post callback carries it. Unlike the
 * pending-login cookie it has no fallback copy: a browser that refuses {@code SameSite=None} still logs in, and only
 * loses the form. Its bytes count against {@link PendingLoginCookies#MAX_TOTAL_BYTES}, so the browser's login
 * cookies together stay as small as without it.
 */
final class PreservedPostCookies {

    static final String BASE = "oidc_post";

    private final PreservedPostSealer sealer;
    private final Duration lifetime;

    PreservedPostCookies(PreservedPostSealer sealer, Duration lifetime) {
        this.sealer = sealer;
        this.lifetime = lifetime;
    }

    String seal(PreservedPost post) {
        return sealer.seal(post);
    }

    /** The bytes a cookie holding {@code value} takes in the {@code Cookie} header ({@code name=value}). */
    static int bytes(HttpServletRequest request, String value, boolean secure) {
        return new Cookies(request, null, secure).name(BASE).length() + 1 + value.length();
    }

    /** The bytes the request's kept-form cookie takes, 0 without one. */
    static int presentBytes(HttpServletRequest request, boolean secure) {
        String value = new Cookies(request, null, secure).read(BASE);
        return value == null || value.isEmpty() ? 0 : bytes(request, value, secure);
    }

    void set(HttpServletRequest request, HttpServletResponse response, String value, boolean secure) {
        new Cookies(request, response, secure).set(BASE, value, (int) lifetime.toSeconds(), secure ? "None" : null);
    }

    void expire(HttpServletRequest request, HttpServletResponse response, boolean secure) {
        new Cookies(request, response, secure).set(BASE, "", 0, secure ? "None" : null);
    }

    /**
     * The form kept for the login with {@code state}, removed from the browser (it is replayed once); empty when
     * there is none, or it belongs to another login (left for that login), or it does not unseal here (planted,
     * altered, another application's: removed). Never over plain http: there the cookie has no {@code __Host-}
     * name, so another site of the domain or the network could have planted one, with a value sealed for a login of
     * the attacker's that the victim is led to complete; the form would then be posted as the victim.
     */
    Optional<PreservedPost> take(HttpServletRequest request, HttpServletResponse response, String state,
                                 boolean secure) {
        String value = new Cookies(request, null, secure).read(BASE);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (!secure) {
            expire(request, response, false);
            return Optional.empty();
        }
        Optional<PreservedPost> post = sealer.unseal(value);
        if (post.isPresent() && !post.get().state().equals(state)) {
            return Optional.empty();
        }
        expire(request, response, secure);
        return post;
    }
}
