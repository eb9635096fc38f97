package dev.oidchybrid.testkit;

import dev.oidchybrid.testkit.AuthorizationRequestParser.Accepted;
import dev.oidchybrid.testkit.AuthorizationRequestParser.ErrorRedirect;
import dev.oidchybrid.testkit.AuthorizationRequestParser.Outcome;
import dev.oidchybrid.testkit.AuthorizationRequestParser.Rejected;
import dev.oidchybrid.testkit.SsoSessionStore.SsoSession;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@code GET|POST /authorize}: the authorization endpoint (OpenID Connect Core 1.0, 3.1.2 and 3.3.2) and its
 * login page.
 *
 * <p>A request is validated by {@link AuthorizationRequestParser}; one with a {@code request_uri} is first replaced
 * by the pushed request it names ({@link PushedRequestStore}: one use, unexpired, same client, no contradicting
 * parameter, else a 400 page); one with a {@code request} by the parameters of the request object
 * ({@link RequestObjectVerifier}: only those count, whatever else the query says, RFC 9101 6.3; a request object
 * that fails is a 400 page, since its redirect URI cannot be trusted). A browser with a fresh SSO session (cookie
 * {@value SsoSessionStore#COOKIE}) is answered at once; otherwise the login page is shown, unless
 * {@code prompt=none}, which answers {@code login_required} (Core 3.1.2.6). {@code prompt=login} always shows the
 * page; {@code max_age} shows it when the last login is older ({@code max_age=0} always); so does
 * {@code acr_values} (a step-up), and the tokens then carry the first requested value as {@code acr} (Core 2). The login form posts
 * back here with the hidden {@code login_request} id: a wrong password shows the page again, cancel answers
 * {@code access_denied}, success starts an SSO session.
 *
 * <p>A successful response carries a code (single use, {@value #CODE_LIFETIME_SECONDS} s), plus an ID token and/or
 * an access token as the response type asks (Core 3.3.2.5), then {@code state} and {@code iss} (RFC 9207). Every
 * authorization response, success or error, passes the {@link ProviderFaults} that alter its parameters on the
 * way out.
 */
final class AuthorizeEndpoint implements Endpoint {

    static final long CODE_LIFETIME_SECONDS = 60;

    private final String issuer;
    private final Clock clock;
    private final ProviderCounters counters;
    private final ProviderFaults faults;
    private final AuthorizationRequestParser parser;
    private final UserDirectory users;
    private final SsoSessionStore sessions;
    private final PendingLoginStore pendingLogins;
    private final GrantStore grants;
    private final TokenIssuer tokens;
    private final PushedRequestStore pushed;
    private final RequestObjectVerifier requestObjects;

    AuthorizeEndpoint(String issuer, Clock clock, ProviderCounters counters, ProviderFaults faults,
            AuthorizationRequestParser parser, UserDirectory users, SsoSessionStore sessions,
            PendingLoginStore pendingLogins, GrantStore grants, TokenIssuer tokens, PushedRequestStore pushed,
            RequestObjectVerifier requestObjects) {
        this.requestObjects = requestObjects;
        this.pushed = pushed;
        this.issuer = issuer;
        this.clock = clock;
        this.counters = counters;
        this.faults = faults;
        this.parser = parser;
        this.users = users;
        this.sessions = sessions;
        this.pendingLogins = pendingLogins;
        this.grants = grants;
        this.tokens = tokens;
    }

    @Override
    public Response handle(Request request) {
        counters.countAuthorize();
        if (!request.isGet() && !request.isPost()) {
            return Response.html(405, HtmlPages.error("Method not allowed", "Use GET or POST."))
                    .withHeader("Allow", "GET, POST");
        }
        if (request.isPost() && request.form().names().contains("login_request")) {
            return loginSubmission(request);
        }
        Params params = request.params();
        boolean pushedRequest = params.names().contains("request_uri");
        boolean signed = false;
        if (pushedRequest && params.has("request")) {
            return Response.html(400, HtmlPages.error("Invalid authorization request",
                    "A request must not carry both request and request_uri (RFC 9101, 5)."));
        }
        if (pushedRequest) {
            PushedRequestStore.Resolution resolution = pushed.resolve(params);
            if (resolution instanceof PushedRequestStore.Unusable unusable) {
                return Response.html(400, HtmlPages.error("Invalid authorization request", unusable.message()));
            }
            params = ((PushedRequestStore.Resolved) resolution).params();
            signed = ((PushedRequestStore.Resolved) resolution).signed();
        } else if (params.has("request")) {
            if (!params.repeatedNames().isEmpty()) {
                return Response.html(400, HtmlPages.error("Invalid authorization request",
                        "The request repeats parameters: " + params.repeatedNames()));
            }
            RequestObjectVerifier.Outcome verified = requestObjects.verify(params.get("request"),
                    params.get("client_id"));
            if (verified instanceof RequestObjectVerifier.Refused refused) {
                return Response.html(400, HtmlPages.error("Invalid request object", refused.reason()));
            }
            params = ((RequestObjectVerifier.Verified) verified).params();
            signed = true;
        }
        Outcome outcome = parser.parse(params, pushedRequest, signed);
        if (outcome instanceof Rejected rejected) {
            return Response.html(400, HtmlPages.error("Invalid authorization request", rejected.message()));
        }
        if (outcome instanceof ErrorRedirect error) {
            return deliver(error.response());
        }
        AuthorizationRequest authorization = ((Accepted) outcome).request();
        SsoSession session = sessions.find(request.cookies(SsoSessionStore.COOKIE));
        boolean ignoreFreshness = faults.ignoreMaxAge();
        boolean fresh = session != null && (ignoreFreshness || !tooOld(session, authorization.maxAge()));
        if (authorization.prompt().contains("none")) {
            return fresh ? complete(authorization, session)
                    : error(authorization, "login_required", "the user is not signed in (prompt=none)");
        }
        // a step-up to a requested acr is a new authentication, unless the provider is told to ignore acr_values
        boolean stepUp = !authorization.acrValues().isEmpty() && faults.acrOverride() == null;
        if (!fresh || !ignoreFreshness && (authorization.prompt().contains("login") || stepUp)) {
            return loginPage(pendingLogins.add(authorization), authorization, authorization.loginHint(), null);
        }
        return complete(authorization, session);
    }

    private boolean tooOld(SsoSession session, Long maxAge) {
        if (maxAge == null) {
            return false;
        }
        long elapsed = clock.instant().getEpochSecond() - session.authTime().getEpochSecond();
        return maxAge == 0 || elapsed > maxAge;
    }

    private Response loginSubmission(Request request) {
        Params form = request.form();
        String id = form.get("login_request");
        AuthorizationRequest authorization = pendingLogins.find(id);
        if (authorization == null) {
            return Response.html(400, HtmlPages.error("Login expired",
                    "This login page has expired or is unknown. Go back to the application and sign in again."));
        }
        String action = form.get("action");
        if ("cancel".equals(action)) {
            pendingLogins.remove(id);
            return error(authorization, "access_denied", "the user cancelled the login");
        }
        if (!"login".equals(action)) {
            return Response.html(400, HtmlPages.error("Bad request", "Unknown action."));
        }
        String username = form.get("username");
        DemoUser user = username == null ? null : users.byUsername(username);
        if (user == null || !Secrets.constantTimeEquals(user.password(), form.get("password"))) {
            return loginPage(id, authorization, username, "Wrong username or password.");
        }
        pendingLogins.remove(id);
        SsoSession session = sessions.create(user, clock.instant());
        return complete(authorization, session).withHeader("Set-Cookie", SsoSessionStore.setCookie(session));
    }

    private Response loginPage(String id, AuthorizationRequest authorization, String username, String message) {
        return Response.html(200, HtmlPages.login(
                new HtmlPages.LoginPage(id, authorization.client().clientId(), username, message, users.all())));
    }

    private Response complete(AuthorizationRequest authorization, SsoSession session) {
        SsoSessionStore.join(session, authorization.client().clientId());
        Grant grant = new Grant(Secrets.randomToken(), authorization.client().clientId(), session.user(),
                authorization.scope(), session.authTime(), authorization.audience(), authorization.nonce(),
                session.sessionId(), acr(authorization));
        AuthorizationCode code = grants.issueCode(grant, authorization.redirectUri(), authorization.codeChallenge(),
                Duration.ofSeconds(CODE_LIFETIME_SECONDS));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code.value());
        String accessToken = null;
        if (authorization.responseType().includesAccessToken()) {
            TokenIssuer.AccessToken token = tokens.accessToken(grant, grant.scope());
            accessToken = token.value();
            params.put("access_token", accessToken);
            params.put("token_type", "Bearer");
            params.put("expires_in", Long.toString(token.expiresIn()));
        }
        if (authorization.responseType().includesIdToken()) {
            params.put("id_token", tokens.idToken(TokenStage.FRONT_CHANNEL, grant, grant.scope(),
                    authorization.nonce(), code.value(), accessToken));
        }
        return deliver(AuthorizationResponse.of(authorization.redirectUri(), authorization.responseMode(), params,
                authorization.state(), issuer));
    }

    /** The {@code acr} the tokens state: the fault's, else the first requested, else none. */
    private String acr(AuthorizationRequest authorization) {
        String override = faults.acrOverride();
        if (override != null) {
            return override.isEmpty() ? null : override;
        }
        return authorization.acrValues().isEmpty() ? null : authorization.acrValues().get(0);
    }

    private Response error(AuthorizationRequest authorization, String error, String description) {
        return deliver(AuthorizationResponse.error(authorization.redirectUri(), authorization.responseMode(), error,
                description, authorization.state(), issuer));
    }

    /** The HTTP response for {@code response}, after the faults that alter authorization responses. */
    private Response deliver(AuthorizationResponse response) {
        Map<String, String> params = new LinkedHashMap<>(response.params());
        String iss = faults.authorizationResponseIss();
        if (faults.omitAuthorizationResponseIss()) {
            params.remove("iss");
        } else if (iss != null) {
            params.put("iss", iss);
        }
        UnaryOperator<Map<String, String>> override = faults.authorizationResponseOverride();
        if (override != null) {
            params = new LinkedHashMap<>(Objects.requireNonNull(override.apply(params), "override returned null"));
            params.values().removeIf(Objects::isNull);
        }
        return new AuthorizationResponse(response.redirectUri(), response.mode(), params).toResponse();
    }
}
