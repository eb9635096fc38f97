package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.flow.CallbackParams;
import dev.oidchybrid.filter.internal.flow.CallbackParser;
import dev.oidchybrid.filter.internal.flow.LoginFlow;
import dev.oidchybrid.filter.internal.flow.LoginResult;
import dev.oidchybrid.filter.internal.flow.PendingLogin;
import dev.oidchybrid.filter.internal.flow.PreservedPost;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
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

    private final CallbackThrottle throttle;
    private final PendingLoginCookies cookies;
    private final LoginFlow flow;
    private final LoginStarter logins;
    private final SessionFactory sessionFactory;
    private final Sessions sessions;
    private final LoginAttempts attempts;
    private final RequestUrls urls;
    private final Duration loginTimeout;
    private final PreservedPostCookies posts;
    private final Telemetry telemetry;

    /**
     * @param posts     the cookie of forms kept across logins ({@code preserve-post}), or null when off
     * @param telemetry told of each callback's outcome: refused before its login was found, failed, completed
     */
    CallbackEndpoint(CallbackThrottle throttle, PendingLoginCookies cookies, LoginFlow flow, LoginStarter logins,
                     SessionFactory sessionFactory, Sessions sessions, LoginAttempts attempts, RequestUrls urls,
                     Duration loginTimeout, PreservedPostCookies posts, Telemetry telemetry) {
        this.posts = posts;
        this.telemetry = telemetry;
        this.throttle = throttle;
        this.cookies = cookies;
        this.flow = flow;
        this.logins = logins;
        this.sessionFactory = sessionFactory;
        this.sessions = sessions;
        this.attempts = attempts;
        this.urls = urls;
        this.loginTimeout = loginTimeout;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean secure = urls.isSecure(request);
        String state = null;
        String address = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            telemetry.callbackRefused(ErrorCode.TOO_MANY_ATTEMPTS);
            ErrorResponses.send(request, response, OidcException.withRetryAfter(ErrorCode.TOO_MANY_ATTEMPTS,
                    CallbackThrottle.MAX_FAILURES + " failed callbacks from " + address + " within "
                            + CallbackThrottle.WINDOW.toSeconds() + " s: refusing its callbacks for " + wait
                            + " s (forged callbacks, or a misconfiguration every user of that address runs into)",
                    wait));
            return;
        }
        boolean found = false;
        try {
            rejectOversizedBody(request);
            CallbackParams callback = CallbackParser.parse(request.getMethod(), request.getContentType(),
                    request.getQueryString(), parameters(request));
            state = callback.state();
            java.util.Optional<PendingLogin> pendingLogin = cookies.find(request, state, secure);
            if (pendingLogin.isEmpty()) {
                if (continueSignedIn(request, response, "/")) {
                    return;
                }
                throw missingCookie(request, secure);
            }
            PendingLogin pending = pendingLogin.get();
            found = true;
            cookies.remove(request, response, state, secure);
            if (flow.expired(pending)) {
                if (continueSignedIn(request, response, pending.returnPath()) || restart(request, response, pending)) {
                    return;
                }
            }
            LoginResult result = flow.complete(callback, pending, () -> throttle.recordFailure(address));
            OidcSession session = sessionFactory.create(result);
            sessions.of(request, response).saveNewLogin(session);
            attempts.recordCompleted(request, response);
            telemetry.loginCompleted();
            LOG.log(System.Logger.Level.INFO, "OIDC login completed for subject {0}", session.principal().subject());
            java.util.Optional<PreservedPost> kept = posts == null ? java.util.Optional.empty()
                    : posts.take(request, response, state, secure);
            if (kept.isPresent() && RequestUrls.isSafeReturnPath(result.returnPath())) {
                // the form posted without a session, posted again to the same page, now signed in
                ReplayPage.write(response, urls.locationFor(request, result.returnPath()), kept.get().fields());
                return;
            }
            Redirects.seeOther(response, urls.locationFor(request, result.returnPath()));
        } catch (OidcException e) {
            if (found) {
                telemetry.loginFailed(e.code());
            } else {
                telemetry.callbackRefused(e.code());
            }
            if (state != null) {
                cookies.remove(request, response, state, secure);
                if (posts != null) {
                    posts.take(request, response, state, secure);
                }
            }
            ErrorResponses.send(request, response, e);
        }
    }

    /**
     * A callback whose login is over (the back button to the provider's page, a double submit) from a browser
     * that is signed in: no error, the user goes on to where they were going. Nothing of the callback is used.
     */
    private boolean continueSignedIn(HttpServletRequest request, HttpServletResponse response, String returnPath) {
        if (sessions.of(request, response).load().isEmpty()) {
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "OIDC callback for a login that is already over (back button or a second "
                + "submit) from a signed-in browser: sending it on to the application");
        Redirects.seeOther(response, urls.locationFor(request, returnPath));
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
                + "it again once", stale.issuedAt(), loginTimeout.toSeconds());
        logins.restart(request, response, stale);
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
