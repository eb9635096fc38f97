package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.ErrorCode;
import dev.oidchybrid.filter.OidcException;
import dev.oidchybrid.filter.flow.CallbackParams;
import dev.oidchybrid.filter.flow.CallbackParser;
import dev.oidchybrid.filter.flow.LoginResult;
import dev.oidchybrid.filter.flow.PendingLogin;
import dev.oidchybrid.filter.session.OidcSession;
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

    CallbackEndpoint(OidcRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean secure = runtime.urls.isSecure(request);
        String state = null;
        try {
            rejectOversizedBody(request);
            CallbackParams callback = CallbackParser.parse(request.getMethod(), request.getContentType(),
                    parameters(request));
            state = callback.state();
            PendingLogin pending = runtime.cookies.find(request, state).orElseThrow(() -> missingCookie(request));
            runtime.cookies.remove(request, response, state, secure);
            LoginResult result = runtime.loginFlow.complete(callback, pending);
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

    private static OidcException missingCookie(HttpServletRequest request) {
        String reason = PendingLoginCookies.hasAny(request)
                ? "callback state belongs to no login started in this browser (another tab's finished login, "
                        + "an expired login, or a forged response)"
                : "login-state cookie missing on callback: the browser did not send it. Check that the app is "
                        + "served over https (SameSite=None needs Secure), that the host name matches the one the "
                        + "login started on, and that cookie-keys is the same on every node";
        return new OidcException(ErrorCode.INVALID_STATE, reason, "RFC 6749 §10.12");
    }
}
