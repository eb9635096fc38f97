package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.flow.InvitationLink;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.internal.flow.LoginStart;
import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.flow.PreservedPost;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.observe.Telemetry.LoginKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends the browser to the provider: a new login from a protected page, or a stale one started again. */
final class LoginStarter {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final LoginFlow flow;
    private final PendingLoginCookies cookies;
    private final RequestUrls urls;
    private final PreservedPostCookies posts;
    private final Telemetry telemetry;
    private final AtomicBoolean proxyWarningLogged = new AtomicBoolean();

    /**
     * @param posts     the cookie of forms kept across logins, or null when {@code preserve-post} is off
     * @param telemetry told of every login started
     */
    LoginStarter(LoginFlow flow, PendingLoginCookies cookies, RequestUrls urls, PreservedPostCookies posts,
                 Telemetry telemetry) {
        this.telemetry = telemetry;
        this.flow = flow;
        this.cookies = cookies;
        this.urls = urls;
        this.posts = posts;
    }

    /** A new login that returns to the requested page (302, as a redirect to a login page usually is). */
    void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String redirectUri = urls.redirectUri(request);
        warnIfHttpBehindTlsProxy(request, redirectUri);
        LoginStart start = flow.start(redirectUri, RequestUrls.returnPath(request),
                InvitationLink.forwardedParams(request::getParameterValues));
        addKeepingOtherForm(request, response, start.pending(), urls.isSecure(request));
        response.setHeader("Cache-Control", "no-store");
        // counted before the answer leaves: whoever reads the meter after the redirect sees it
        telemetry.loginStarted(LoginKind.NEW);
        response.sendRedirect(start.authorizationUrl());
    }

    /**
     * A new login from a form posted without a session ({@code preserve-post}): the form is kept, bound to the
     * login, for the callback to post again to the same page (303, so the browser goes on with a GET). False, with
     * nothing sent, when the form is not kept: the page's URL is too long to be returned to exactly, or the form does
     * not fit beside the login's cookie; the caller then answers as for any other post.
     *
     * @param body the form as posted, checked by {@link PostPreservation}
     */
    boolean startKeeping(HttpServletRequest request, HttpServletResponse response, String body) {
        if (posts == null) {
            throw new IllegalStateException("preserve-post is off: no form can be kept");
        }
        String returnPath = RequestUrls.returnPath(request);
        String query = request.getQueryString();
        if (!returnPath.equals(RequestUrls.rawPathInApplication(request) + (query == null ? "" : "?" + query))) {
            return refuse(request, "the page's URL is too long to return to exactly");
        }
        String redirectUri = urls.redirectUri(request);
        warnIfHttpBehindTlsProxy(request, redirectUri);
        // no invitation forwarding: the query of a form's action is the application's, not a link's (and reading
        // parameters would parse the body the filter already read)
        LoginStart start = flow.start(redirectUri, returnPath, java.util.Map.of());
        boolean secure = urls.isSecure(request);
        String sealed = posts.seal(new PreservedPost(start.pending().state(), body));
        if (!cookies.add(request, response, start.pending(), secure,
                PreservedPostCookies.bytes(request, sealed, secure))) {
            return refuse(request, "it does not fit in a cookie beside the login's own (lower "
                    + "preserve-post-max-bytes, or shorten the page's URL)");
        }
        posts.set(request, response, sealed, secure);
        // counted before the answer leaves: whoever reads the meter after the redirect sees it
        telemetry.loginStarted(LoginKind.NEW);
        Redirects.seeOther(response, start.authorizationUrl());
        return true;
    }

    private static boolean refuse(HttpServletRequest request, String why) {
        PostPreservation.logNotKept(request, why);
        return false;
    }

    /**
     * Adds a login's cookie beside the form another login of this browser keeps (its bytes count too); when both do
     * not fit, the kept form goes: that login still completes, on its page without the replay.
     */
    private void addKeepingOtherForm(HttpServletRequest request, HttpServletResponse response, PendingLogin login,
                                     boolean secure) {
        int kept = posts == null ? 0 : PreservedPostCookies.presentBytes(request, secure);
        if (kept == 0 || !cookies.add(request, response, login, secure, kept)) {
            if (kept > 0) {
                posts.expire(request, response, secure);
            }
            cookies.add(request, response, login, secure);
        }
    }

    /**
     * A step-up login (RFC 9470) that returns to the requested page: the authorization request asks for what
     * {@code stepUp} needs, and the callback holds the new ID token to it before the session is replaced.
     */
    void startStepUp(HttpServletRequest request, HttpServletResponse response, StepUp stepUp) throws IOException {
        LoginStart start = flow.startStepUp(urls.redirectUri(request), RequestUrls.returnPath(request), stepUp);
        addKeepingOtherForm(request, response, start.pending(), urls.isSecure(request));
        response.setHeader("Cache-Control", "no-store");
        // counted before the answer leaves: whoever reads the meter after the redirect sees it
        telemetry.loginStarted(LoginKind.STEP_UP);
        response.sendRedirect(start.authorizationUrl());
    }

    /** The stale login {@code stale} started again, to the same page (303 from the form_post callback). */
    void restart(HttpServletRequest request, HttpServletResponse response, PendingLogin stale) {
        LoginStart start = flow.restart(urls.redirectUri(request), stale);
        boolean secure = urls.isSecure(request);
        Optional<PreservedPost> kept = posts == null ? Optional.empty()
                : posts.take(request, response, stale.state(), secure);
        if (kept.isPresent()) {
            // the form goes on with the new login, bound to its state
            String sealed = posts.seal(new PreservedPost(start.pending().state(), kept.get().body()));
            if (cookies.add(request, response, start.pending(), secure,
                    PreservedPostCookies.bytes(request, sealed, secure))) {
                posts.set(request, response, sealed, secure);
                telemetry.loginStarted(LoginKind.RESTART);
                Redirects.seeOther(response, start.authorizationUrl());
                return;
            }
        }
        addKeepingOtherForm(request, response, start.pending(), secure);
        // counted before the answer leaves: whoever reads the meter after the redirect sees it
        telemetry.loginStarted(LoginKind.RESTART);
        Redirects.seeOther(response, start.authorizationUrl());
    }

    /** The most common proxy misconfiguration, told once: an http redirect_uri although the browser used https. */
    private void warnIfHttpBehindTlsProxy(HttpServletRequest request, String redirectUri) {
        if (redirectUri.startsWith("http:") && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))
                && proxyWarningLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "redirect_uri is http behind a TLS proxy (the request carries "
                    + "X-Forwarded-Proto: https): set base-url to the external https URL, or trust-forwarded-headers "
                    + "when the proxy sets X-Forwarded-*; the provider will otherwise refuse or mis-route the callback");
        }
    }
}
