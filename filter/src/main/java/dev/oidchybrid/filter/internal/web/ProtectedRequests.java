package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.OidcAccessTokens;
import dev.oidchybrid.filter.client.OidcAuthorization;
import dev.oidchybrid.filter.client.StepUpRequiredException;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.config.Origins;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionRefresh;
import dev.oidchybrid.filter.internal.token.Dpop;
import dev.oidchybrid.filter.internal.token.DpopKey;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A request to a protected path: with a session that meets the path's access rule it passes on, wrapped and with
 * the token attributes set (a session that does not is refused or stepped up by the {@link AccessGate}); without
 * one, a page navigation starts a login (302 to the provider), anything else gets a 401. A
 * {@link StepUpRequiredException} out of the chain becomes a step-up login.
 */
final class ProtectedRequests {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Sessions sessions;
    private final SessionRefresh refresh;
    private final LoginAttempts attempts;
    private final LoginStarter logins;
    private final TokenDestinations destinations;
    private final String realm;
    private final Dpop dpop;
    private final AccessGate gate;
    private final PostPreservation posts;
    /** Where this instance keeps the request's loaded session (several filter instances may see one request). */
    private final String loadedAttribute = ProtectedRequests.class.getName() + ".session."
            + INSTANCES.incrementAndGet();

    /**
     * @param realm the {@code WWW-Authenticate} realm of the 401 (the client ID)
     * @param dpop  makes the proofs that DPoP-bound tokens need on API calls, or null when DPoP is off
     * @param gate  the access rules and step-ups
     */
    ProtectedRequests(Sessions sessions, SessionRefresh refresh, LoginAttempts attempts, LoginStarter logins,
                      TokenDestinations destinations, String realm, Dpop dpop, AccessGate gate) {
        this(sessions, refresh, attempts, logins, destinations, realm, dpop, gate, null);
    }

    /** @param posts decides which forms posted without a session are kept ({@code preserve-post}), or null when off */
    ProtectedRequests(Sessions sessions, SessionRefresh refresh, LoginAttempts attempts, LoginStarter logins,
                      TokenDestinations destinations, String realm, Dpop dpop, AccessGate gate,
                      PostPreservation posts) {
        this.posts = posts;
        this.gate = gate;
        this.dpop = dpop;
        this.sessions = sessions;
        this.refresh = refresh;
        this.attempts = attempts;
        this.logins = logins;
        this.destinations = destinations;
        this.realm = realm;
    }

    /** The access token for API calls, refreshed first when due (the request may run longer than its token). */
    Function<HttpServletRequest, Optional<String>> accessTokens(HttpServletResponse response) {
        return request -> {
            try {
                // a DPoP-bound token is never handed out bare: sent as Bearer it would lose its binding
                return refresh.current(sessions.of(request, response)).map(OidcSession::tokens)
                        .filter(tokens -> tokens.dpopKey() == null).map(TokenSet::accessToken);
            } catch (OidcException e) {
                return Optional.empty();
            }
        };
    }

    /**
     * What an API call with a given method and URL must carry: the token (refreshed first when due) as Bearer,
     * or, when it is DPoP-bound, with the DPoP scheme and a proof for exactly that call. A bound token whose key
     * cannot make proofs here (DPoP switched off since the login) is not handed out at all.
     */
    BiFunction<String, String, Optional<OidcAuthorization>> authorizations(HttpServletRequest request,
                                                                                  HttpServletResponse response) {
        return (method, url) -> {
            String origin = Origins.of(url);
            if (origin == null || !destinations.of(request).contains(origin)) {
                LOG.log(System.Logger.Level.WARNING, "OIDC access token not handed out for {0}: not an allowed "
                        + "destination (add its origin to api-origins if it is your API)",
                        origin == null ? "(not an http(s) URL)" : origin);
                return Optional.empty();
            }
            Optional<OidcSession> session;
            try {
                session = refresh.current(sessions.of(request, response));
            } catch (OidcException e) {
                return Optional.empty();
            }
            return session.map(OidcSession::tokens).flatMap(tokens -> {
                Optional<DpopKey> key = tokens.dpop();
                if (key.isEmpty()) {
                    return Optional.of(new OidcAuthorization("Bearer", tokens.accessToken(), Optional.empty()));
                }
                if (dpop == null) {
                    return Optional.empty();
                }
                return Optional.of(new OidcAuthorization("DPoP", tokens.accessToken(),
                        Optional.of(dpop.proof(key.get(), method, url, tokens.accessToken()))));
            });
        };
    }

    /** @param path the dispatch path when the raw URI spells it plainly, else null */
    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException {
        Optional<OidcSession> session = currentOrAnswer(request, response);
        if (session == null) {
            return;
        }
        if (session.isPresent()) {
            passOn(request, response, chain, path, session.get());
            return;
        }
        challenge(request, response, path);
    }

    /**
     * A request to an optional path ({@code optional-paths}): with a session exactly as {@link #handle}, without
     * one on to the application anonymous, never a login or a 401.
     */
    void handleOptional(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException {
        Optional<OidcSession> session = currentOrAnswer(request, response);
        if (session == null) {
            return;
        }
        if (session.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        passOn(request, response, chain, path, session.get());
    }

    /** A signed-in request: the access rule, then on to the application wrapped, answering the attributes. */
    private void passOn(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path,
                        OidcSession s) throws IOException, ServletException {
        if (!gate.admits(request, response, path, s)) {
            return;
        }
        OidcRequestWrapper wrapped = new OidcRequestWrapper(request, s.principal(), OidcRequestWrapper.AUTH_TYPE,
                attributes(request, response, s));
        try {
            OidcAccessTokens.runAs(wrapped, response, chain);
        } catch (RuntimeException | ServletException | IOException e) {
            Optional<StepUpRequiredException> stepUp = StepUpRequiredException.causeOf(e);
            if (stepUp.isEmpty()) {
                if (!request.isAsyncStarted()) {
                    // the container shows its error page with the request beneath the wrapper (an asynchronous
                    // request got the attributes when it started, and its own threads may change them meanwhile)
                    wrapped.exposeOnRequest();
                }
                throw e;
            }
            gate.stepUp(request, response, stepUp.get(), s);
            return;
        }
        if (response.getStatus() >= 400 && !request.isAsyncStarted()) {
            // an error status the container may show its error page for, with the request beneath the wrapper
            wrapped.exposeOnRequest();
        }
    }

    /** {@link #current}, or null after answering why the session could not be loaded (e.g. the store is down). */
    private Optional<OidcSession> currentOrAnswer(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            if (request.getAttribute(loadedAttribute) instanceof OidcSession loaded) {
                // loaded by the container's security for this request (container-auth)
                return Optional.of(loaded);
            }
            return refresh.current(sessions.of(request, response));
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
            return null;
        }
    }

    /**
     * The request's session, refreshed first when due, for the container's security ({@code container-auth}): kept
     * on the request, so the filter after it sees the same one without loading it again.
     */
    Optional<OidcSession> current(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(loadedAttribute) instanceof OidcSession loaded) {
            return Optional.of(loaded);
        }
        Optional<OidcSession> session = refresh.current(sessions.of(request, response));
        session.ifPresent(s -> request.setAttribute(loadedAttribute, s));
        return session;
    }

    /** Whether the user meets the access rule for {@code path} as the session is (nothing written). */
    boolean grants(String path, OidcSession session) {
        return gate.grants(path, session);
    }

    /** Whether the user may go on to {@code path}; otherwise the 403 or step-up is written. */
    boolean admits(HttpServletRequest request, HttpServletResponse response, String path, OidcSession session)
            throws IOException {
        return gate.admits(request, response, path, session);
    }

    /** Ends the request's local session only (no provider logout): {@code HttpServletRequest#logout()}. */
    void endLocal(HttpServletRequest request, HttpServletResponse response) {
        request.removeAttribute(loadedAttribute);
        sessions.of(request, response).clear();
    }

    /** The tokens and the user, as request attributes for the application, written onto {@code request}. */
    void expose(HttpServletRequest request, HttpServletResponse response, OidcSession s) {
        attributes(request, response, s).setOn(request);
    }

    /** The tokens and the user as request attributes, each worked out when asked for. */
    private SessionAttributes attributes(HttpServletRequest request, HttpServletResponse response, OidcSession s) {
        return new SessionAttributes(s, this, request, response);
    }

    /** Where the access token may be sent, worked out only if the application asks (OidcAccessTokens). */
    Supplier<Set<String>> destinations(HttpServletRequest request) {
        return () -> destinations.of(request);
    }

    /** No session: a page navigation starts a login (302 to the provider), anything else gets a 401. */
    void challenge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        challenge(request, response, null);
    }

    /**
     * No session: a page navigation starts a login (302 to the provider); so does, with {@code preserve-post}, a form
     * posted to a path spelled plainly that may be kept (303, the form kept for the replay); anything else gets a
     * 401.
     *
     * @param path the dispatch path when the raw URI spells it plainly, else null (no form is kept)
     */
    void challenge(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        Optional<String> form = Optional.empty();
        if (!RequestKind.isNavigation(request)) {
            // the body is read only here: without preserve-post (or for any other request) it is left to the app
            form = posts == null || path == null ? Optional.empty() : posts.keepable(request);
            if (form.isEmpty()) {
                ErrorResponses.unauthorized(response, realm);
                return;
            }
        }
        try {
            if (!attempts.mayStart(request)) {
                throw new OidcException(ErrorCode.LOGIN_LOOP, LoginAttempts.MAX_COMPLETED + " logins completed within "
                        + LoginAttempts.WINDOW.toSeconds() + " s from one browser without a session being kept: "
                        + "check that the container's session cookie is stored (its Path, Secure over http, "
                        + "SameSite, domain) and that every node shares sessions", "");
            }
            if (form.isEmpty()) {
                logins.start(request, response);
            } else if (!logins.startKeeping(request, response, form.get())) {
                ErrorResponses.unauthorized(response, realm);
            }
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
        }
    }
}
