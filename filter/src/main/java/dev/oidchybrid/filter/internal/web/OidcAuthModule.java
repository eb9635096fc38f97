package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The filter's login as a Jakarta Authentication 3.0 server authentication module (Servlet Container Profile):
 * the container asks it before checking its {@code <security-constraint>}s, and it hands the container the user
 * and the roles from {@code roles-claim}, so {@code isUserInRole}, {@code @RolesAllowed} (servlets, JAX-RS, EJB),
 * {@code HttpServletRequest#authenticate} / {@code logout} and EJB {@code getCallerPrincipal()} see the OpenID
 * Connect user. Nothing is cached by the container: each request's session is checked (expiry, revocation,
 * refresh) as the filter checks it. Registered by {@link JaspicBridge}, one per container callback handler.
 */
final class OidcAuthModule implements ServerAuthModule, ServerAuthContext {

    /** The Servlet Container Profile's key: whether a constraint needs a user for this request. */
    static final String MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    /** The Servlet Container Profile's key for {@code getAuthType()}. */
    static final String AUTH_TYPE = "jakarta.servlet.http.authType";

    private final Supplier<ContainerLogins> logins;
    private volatile CallbackHandler handler;

    /** @param logins the application's OIDC login, or null when there is none (then every request gets 503) */
    OidcAuthModule(Supplier<ContainerLogins> logins) {
        this.logins = logins;
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
                           Map<String, Object> options) {
        this.handler = handler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class};
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject)
            throws AuthException {
        if (!(messageInfo.getRequestMessage() instanceof HttpServletRequest request)) {
            throw new AuthException("the OIDC module handles HTTP servlet requests only");
        }
        if (JettyCompletion.isDeferred(messageInfo)
                || !(responseOf(messageInfo) instanceof HttpServletResponse response)) {
            // asked without a response to answer on (Jetty's lazy getUserPrincipal() on a path no constraint
            // guards): no user for the container here; the filter in front of the path still has its own
            return AuthStatus.SUCCESS;
        }
        try {
            ContainerLogins engine = logins.get();
            if (engine == null) {
                // the filter did not start (its log says why) or was stopped: nobody is let in
                ErrorResponses.send(request, response, new OidcException(ErrorCode.OP_UNAVAILABLE, "the OIDC filter "
                        + "behind container-auth is not running (see its start-up error)", ""));
                JettyCompletion.complete(messageInfo, response);
                return AuthStatus.SEND_CONTINUE;
            }
            // the profile's key, "true" where a constraint needs a user (absent elsewhere, as WildFly and GlassFish
            // do); Jetty never sets it but asks with a response only where a constraint needs a user. A container
            // that omits it for a constrained path still refuses the anonymous request itself.
            Object flag = messageInfo.getMap().get(MANDATORY);
            boolean mandatory = flag != null ? Boolean.parseBoolean(flag.toString())
                    : JettyCompletion.isJetty(messageInfo);
            ContainerLogins.Result result = engine.validate(request, response, mandatory);
            switch (result.outcome()) {
                case AUTHENTICATED -> {
                    OidcPrincipal principal = result.principal();
                    handle(new CallerPrincipalCallback(clientSubject, principal),
                            new GroupPrincipalCallback(clientSubject, principal.sortedRoles().toArray(String[]::new)));
                    messageInfo.getMap().put(AUTH_TYPE, OidcRequestWrapper.AUTH_TYPE);
                    return AuthStatus.SUCCESS;
                }
                case ANONYMOUS -> {
                    // no callback at all: no caller principal is the profile's "unauthenticated"
                    return AuthStatus.SUCCESS;
                }
                default -> {
                    // committed now: a container must not swap the page (or the 401 JSON) for its own error page
                    // on the way out (WildFly does for an uncommitted 4xx)
                    response.flushBuffer();
                    JettyCompletion.complete(messageInfo, response);
                    // the response is complete, error pages included: SEND_FAILURE would let some containers
                    // (WildFly) replace the page and its JSON with their own error page
                    return AuthStatus.SEND_CONTINUE;
                }
            }
        } catch (IOException e) {
            throw failure("could not answer the request", e);
        }
    }

    private static Object responseOf(MessageInfo messageInfo) {
        try {
            return messageInfo.getResponseMessage();
        } catch (RuntimeException e) {
            return null; // Jetty's stand-in response of a deferred authentication
        }
    }

    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        ContainerLogins engine = logins.get();
        if (engine != null && messageInfo.getRequestMessage() instanceof HttpServletRequest request
                && messageInfo.getResponseMessage() instanceof HttpServletResponse response) {
            engine.logout(request, response);
        }
        if (subject != null) {
            subject.getPrincipals().removeIf(OidcPrincipal.class::isInstance);
        }
    }

    private void handle(Callback... callbacks) throws AuthException {
        CallbackHandler current = handler;
        if (current == null) {
            throw new AuthException("the container did not initialize the OIDC module");
        }
        try {
            current.handle(callbacks);
        } catch (IOException | UnsupportedCallbackException e) {
            throw failure("the container refused the user", e);
        }
    }

    private static AuthException failure(String message, Exception cause) {
        AuthException e = new AuthException("OIDC: " + message + ": " + cause);
        e.initCause(cause);
        return e;
    }
}
