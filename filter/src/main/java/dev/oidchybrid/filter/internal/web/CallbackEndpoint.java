package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.flow.CallbackParams;
import dev.oidchybrid.filter.internal.flow.CallbackParser;
import dev.oidchybrid.filter.internal.flow.LoginResult;
import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.session.OidcSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The form_post callback: parse, find the pending login by its cookie, complete the login, and only then
 * create the session (with a new session id) and send the browser back (303) to where it started. Any
 * failure answers an error page and creates no session.
 */
final class CallbackEndpoint {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    /** More than a form_post response can need (three tokens of at most 32 KiB each, plus small fields). */
    static final long MAX_BODY_BYTES = 192 * 1024;
    /** How much of an oversized body is read and discarded so the 400 reaches the client before the close. */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private final OidcRuntime runtime;

    private final CallbackThrottle throttle;

    CallbackEndpoint(OidcRuntime runtime, CallbackThrottle throttle) {
        this.runtime = runtime;
        this.throttle = throttle;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean secure = runtime.urls.isSecure(request);
        String state = null;
        String address = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            ErrorResponses.send(request, response, OidcException.withRetryAfter(ErrorCode.TOO_MANY_ATTEMPTS,
                    CallbackThrottle.MAX_FAILURES + " failed callbacks from " + address + " within "
                            + CallbackThrottle.WINDOW.toSeconds() + " s: refusing its callbacks for " + wait
                            + " s (forged callbacks, or a misconfiguration every user of that address runs into)",
                    wait));
            return;
        }
        try {
            rejectOversizedBody(request);
            CallbackParams callback = CallbackParser.parse(request.getMethod(), request.getContentType(),
                    request.getQueryString(), parameters(request));
            state = callback.state();
            java.util.Optional<PendingLogin> found = runtime.cookies.find(request, state, secure);
            if (found.isEmpty()) {
                if (continueSignedIn(request, response, "/")) {
                    return;
                }
                throw missingCookie(request, secure);
            }
            PendingLogin pending = found.get();
            runtime.cookies.remove(request, response, state, secure);
            if (runtime.loginFlow.expired(pending)) {
                if (continueSignedIn(request, response, pending.returnPath()) || restart(request, response, pending)) {
                    return;
                }
            }
            LoginResult result = runtime.loginFlow.complete(callback, pending, () -> throttle.recordFailure(address));
            OidcSession session = runtime.sessionFactory.create(result);
            runtime.sessions.saveNewLogin(request, response, session);
            runtime.loginAttempts.recordCompleted(request, response);
            LOG.log(System.Logger.Level.INFO, "OIDC login completed for subject {0}", session.principal().subject());
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", runtime.urls.locationFor(request, result.returnPath()));
        } catch (OidcException e) {
            if (state != null) {
                runtime.cookies.remove(request, response, state, secure);
            }
            ErrorResponses.send(request, response, e);
        }
    }

    /**
     * A callback whose login is over (the back button to the provider's page, a double submit) from a browser
     * that is signed in: no error, the user goes on to where they were going. Nothing of the callback is used.
     */
    private boolean continueSignedIn(HttpServletRequest request, HttpServletResponse response, String returnPath) {
        if (runtime.sessions.load(request, response).isEmpty()) {
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "OIDC callback for a login that is already over (back button or a second "
                + "submit) from a signed-in browser: sending it on to the application");
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", runtime.urls.locationFor(request, returnPath));
        return true;
    }

    /**
     * A login that went stale (started longer than login-timeout ago: a tab left open, a long idle) is started
     * again once, to the same page, instead of showing an error; a restarted login that goes stale too gets the
     * error page.
     */
    private boolean restart(HttpServletRequest request, HttpServletResponse response, PendingLogin stale) {
        if (stale.restarted()) {
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "OIDC login started at {0} is older than login-timeout ({1} s): starting "
                + "it again once", stale.issuedAt(), runtime.config.loginTimeout().toSeconds());
        dev.oidchybrid.filter.internal.flow.LoginStart start = runtime.loginFlow.restart(runtime.urls.redirectUri(request),
                stale);
        runtime.cookies.add(request, response, start.pending(), runtime.urls.isSecure(request));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", start.authorizationUrl());
        return true;
    }

    /**
     * Refuses a body larger than any form_post response before the container parses it. The body is read and
     * discarded (up to a bound) first: a server that answers while the client is still sending and then closes
     * can make the client lose the answer.
     */
    private static void rejectOversizedBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length <= MAX_BODY_BYTES) {
            return;
        }
        if (length <= DRAIN_LIMIT) {
            try (var in = request.getInputStream()) {
                in.skipNBytes(length);
            } catch (IOException | RuntimeException e) {
                // the client went away or sent less: the 400 below is all that is left to do
            }
        }
        throw new OidcException(ErrorCode.INVALID_REQUEST, "callback body of " + length + " bytes is larger than the "
                + MAX_BODY_BYTES + " a form_post response can need", "OAuth 2.0 Form Post Response Mode §2");
    }

    /** Reading parameters makes the container parse the body; malformed bodies must become a 400. */
    private static Map<String, String[]> parameters(HttpServletRequest request) {
        try {
            return request.getParameterMap();
        } catch (RuntimeException e) {
            throw new OidcException(ErrorCode.INVALID_REQUEST, "callback body could not be parsed as a form ("
                    + e.getClass().getSimpleName() + ")", "OAuth 2.0 Form Post Response Mode §2");
        }
    }

    private static OidcException missingCookie(HttpServletRequest request, boolean secure) {
        String reason = PendingLoginCookies.hasAny(request, secure)
                ? "callback state belongs to no login started in this browser (another tab's finished login, "
                        + "an expired login, or a forged response)"
                : "login-state cookie missing on the callback to " + request.getScheme() + "://"
                        + request.getServerName() + ": the browser did not send it. Check that the app is served over "
                        + "https (SameSite=None needs Secure), that the login started on this same host name "
                        + "(cookies are per host: compare base-url and the redirect URI registered at the provider), "
                        + "and that cookie-keys is the same on every node";
        return new OidcException(ErrorCode.INVALID_STATE, reason, "RFC 6749 §10.12");
    }
}
