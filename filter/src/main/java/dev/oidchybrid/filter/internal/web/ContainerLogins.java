package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.session.OidcPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * The filter's login as the container's own security sees it ({@code container-auth}, through
 * {@link OidcAuthModule}): before the container checks its {@code <security-constraint>}s, a request is answered
 * here (the filter's endpoints, a login, a 401), or goes on with the session's user, or goes on anonymous because
 * no constraint needs a user.
 */
final class ContainerLogins {

    enum Outcome {
        /** The response is complete (an endpoint, a redirect to the provider, an error): the container stops. */
        ANSWERED,
        /** A signed-in user: the container takes the principal and its roles. */
        AUTHENTICATED,
        /** No user, and none is needed here. */
        ANONYMOUS
    }

    /** @param principal the user when {@link Outcome#AUTHENTICATED}, else null */
    record Result(Outcome outcome, OidcPrincipal principal) {

        static final Result ANSWERED = new Result(Outcome.ANSWERED, null);
        static final Result ANONYMOUS = new Result(Outcome.ANONYMOUS, null);
    }

    private final SessionRoutes routes;
    private final ProtectedRequests protectedRequests;

    ContainerLogins(SessionRoutes routes, ProtectedRequests protectedRequests) {
        this.routes = routes;
        this.protectedRequests = protectedRequests;
    }

    /**
     * @param mandatory whether a constraint needs an authenticated user for this request (Jakarta Authentication's
     *                  {@code MessagePolicy.isMandatory})
     */
    Result validate(HttpServletRequest request, HttpServletResponse response, boolean mandatory) throws IOException {
        DispatchPath dispatch = DispatchPath.ofOrRefuse(request, response);
        if (dispatch == null) {
            return Result.ANSWERED;
        }
        // as in the filter: only a plainly spelled path reaches an endpoint
        if (dispatch.plain() && routes.endpoint(request, response, dispatch.path())) {
            return Result.ANSWERED;
        }
        // an excluded path is not behind the login unless a constraint (or authenticate()) asks for a user
        if (!mandatory && dispatch.plain() && routes.excluded(dispatch.path())) {
            return Result.ANONYMOUS;
        }
        Optional<OidcSession> session;
        try {
            session = protectedRequests.current(request, response);
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
            return Result.ANSWERED;
        }
        if (session.isPresent()) {
            // the access rules hold for the container's security too: the filter may not be in front of this path
            String path = dispatch.plain() ? dispatch.path() : null;
            if (!protectedRequests.grants(path, session.get())) {
                if (!mandatory) {
                    // no constraint needs the user here: the container does not get one the rules refuse
                    return Result.ANONYMOUS;
                }
                if (!protectedRequests.admits(request, response, path, session.get())) {
                    return Result.ANSWERED;
                }
            }
            protectedRequests.expose(request, response, session.get());
            return new Result(Outcome.AUTHENTICATED, session.get().principal());
        }
        if (!mandatory) {
            return Result.ANONYMOUS;
        }
        protectedRequests.challenge(request, response);
        return Result.ANSWERED;
    }

    /** {@code HttpServletRequest#logout()}: the local session ends (the provider's session is the user's). */
    void logout(HttpServletRequest request, HttpServletResponse response) {
        try {
            protectedRequests.endLocal(request, response);
        } catch (OidcException e) {
            // the session store is unreachable: the container still forgets the user for this request
            System.getLogger("dev.oidchybrid.filter").log(System.Logger.Level.WARNING,
                    "OIDC logout() could not end the stored session: {0}", e.logLine());
        }
    }
}
