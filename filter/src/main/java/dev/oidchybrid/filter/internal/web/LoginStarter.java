package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.flow.InvitationLink;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.internal.flow.LoginStart;
import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.observe.Telemetry.LoginKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends the browser to the provider: a new login from a protected page, or a stale one started again. */
final class LoginStarter {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final LoginFlow flow;
    private final PendingLoginCookies cookies;
    private final RequestUrls urls;
    private final Telemetry telemetry;
    private final AtomicBoolean proxyWarningLogged = new AtomicBoolean();

    LoginStarter(LoginFlow flow, PendingLoginCookies cookies, RequestUrls urls, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.flow = flow;
        this.cookies = cookies;
        this.urls = urls;
    }

    /** A new login that returns to the requested page (302, as a redirect to a login page usually is). */
    void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String redirectUri = urls.redirectUri(request);
        warnIfHttpBehindTlsProxy(request, redirectUri);
        LoginStart start = flow.start(redirectUri, RequestUrls.returnPath(request),
                InvitationLink.forwardedParams(request::getParameterValues));
        cookies.add(request, response, start.pending(), urls.isSecure(request));
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(start.authorizationUrl());
        telemetry.loginStarted(LoginKind.NEW);
    }

    /**
     * A step-up login (RFC 9470) that returns to the requested page: the authorization request asks for what
     * {@code stepUp} needs, and the callback holds the new ID token to it before the session is replaced.
     */
    void startStepUp(HttpServletRequest request, HttpServletResponse response, StepUp stepUp) throws IOException {
        LoginStart start = flow.startStepUp(urls.redirectUri(request), RequestUrls.returnPath(request), stepUp);
        cookies.add(request, response, start.pending(), urls.isSecure(request));
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(start.authorizationUrl());
        telemetry.loginStarted(LoginKind.STEP_UP);
    }

    /** The stale login {@code stale} started again, to the same page (303 from the form_post callback). */
    void restart(HttpServletRequest request, HttpServletResponse response, PendingLogin stale) {
        LoginStart start = flow.restart(urls.redirectUri(request), stale);
        cookies.add(request, response, start.pending(), urls.isSecure(request));
        Redirects.seeOther(response, start.authorizationUrl());
        telemetry.loginStarted(LoginKind.RESTART);
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
