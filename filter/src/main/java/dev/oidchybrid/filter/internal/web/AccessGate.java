package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.StepUpRequiredException;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.AccessDecision;
import dev.oidchybrid.filter.internal.config.AccessRules;
import dev.oidchybrid.filter.internal.config.AccessSubject;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.StepUp;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Session mode's {@code access-rules} and step-up authentication (RFC 9470) for a signed-in user. A failed role,
 * claim or scope is 403 {@code forbidden} (a page, or JSON for XHR); a failed {@code acr:} or {@code max-age:}
 * starts a step-up login back to the same URL, at most once per page within {@link StepUpAttempts#WINDOW}
 * (then 403 {@code insufficient_user_authentication}), or for XHR answers 401 JSON naming what is needed. The same
 * step-up serves a {@link StepUpRequiredException} that the application lets out of the chain.
 */
final class AccessGate {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");
    private static final String ACR = "acr";
    private static final String AUTH_TIME = "auth_time";

    private final AccessRules rules;
    private final StepUpAttempts attempts;
    private final LoginStarter logins;
    private final Clock clock;
    private final long skewSeconds;
    private final Set<String> requestedScopes;
    private final String realm;

    AccessGate(AccessRules rules, StepUpAttempts attempts, LoginStarter logins, Clock clock, long skewSeconds,
               String requestedScope, String realm) {
        this.rules = rules;
        this.attempts = attempts;
        this.logins = logins;
        this.clock = clock;
        this.skewSeconds = skewSeconds;
        this.requestedScopes = Set.of(requestedScope.trim().split("\\s+"));
        this.realm = realm.replace("\"", "");
    }

    /** The gate of a configuration: its rules, the clock skew, the scope it asks for, the client ID as realm. */
    static AccessGate of(OidcConfig config, LoginStarter logins, RequestUrls urls, Clock clock) {
        return new AccessGate(config.accessRules(), new StepUpAttempts(clock, urls::isSecure), logins, clock,
                config.timeouts().clockSkew().toSeconds(), config.client().scope(), config.client().clientId());
    }

    /**
     * Whether {@code session}'s user may go on to {@code path}; otherwise the answer (403, a step-up, 401) is
     * written.
     *
     * @param path the dispatch path when the raw URI spells it plainly, else null (every rule must then hold)
     */
    boolean admits(HttpServletRequest request, HttpServletResponse response, String path, OidcSession session)
            throws IOException {
        if (rules.isEmpty()) {
            return true;
        }
        AccessDecision decision = rules.decide(path, subject(session));
        if (decision instanceof AccessDecision.Granted) {
            attempts.clear(request, response, RequestUrls.returnPath(request));
            return true;
        }
        if (decision instanceof AccessDecision.StepUpNeeded needed) {
            stepUp(request, response, needed.stepUp(), "access rule for " + describe(path) + " needs a step-up of "
                    + session.principal().subject() + ": " + needed.reason());
            return false;
        }
        String reason = ((AccessDecision.Denied) decision).reason();
        refuse(request, response, new OidcException(ErrorCode.FORBIDDEN, "access rule for " + describe(path)
                + " refused " + session.principal().subject() + ": " + reason, "access-rules"));
        return false;
    }

    /** Whether {@code session}'s user meets the rule for {@code path} as it is (no answer is written). */
    boolean grants(String path, OidcSession session) {
        return rules.isEmpty() || rules.decide(path, subject(session)) instanceof AccessDecision.Granted;
    }

    /** The step-up an API asked for through the application (RFC 9470 §3), for {@code session}'s user. */
    void stepUp(HttpServletRequest request, HttpServletResponse response, StepUpRequiredException required,
                OidcSession session) throws IOException {
        Optional<Long> maxAge = required.maxAge().isPresent() ? Optional.of(required.maxAge().getAsLong())
                : Optional.empty();
        // the API saw the user's authentication and found it too old: the provider must authenticate again
        stepUp(request, response, new StepUp(required.acrValues(), maxAge, maxAge.isPresent()), "an API called for "
                + session.principal().subject() + " asks for a step-up (insufficient_user_authentication)");
    }

    private void stepUp(HttpServletRequest request, HttpServletResponse response, StepUp stepUp, String why)
            throws IOException {
        if (response.isCommitted()) {
            LOG.log(System.Logger.Level.WARNING, "OIDC {0} {1}: {2}, but the response is already committed",
                    request.getMethod(), RequestUrls.loggedPath(request), why);
            return;
        }
        response.resetBuffer();
        if (!RequestKind.isNavigation(request)) {
            LOG.log(System.Logger.Level.INFO, "OIDC {0} {1}: {2}: 401 for a request that is no page navigation",
                    request.getMethod(), RequestUrls.loggedPath(request), why);
            String acr = stepUp.acrValues().isEmpty() ? "" : "\"acr_values\":\"" + stepUp.acrValuesText() + "\",";
            String age = stepUp.maxAge().map(a -> "\"max_age\":" + a + ",").orElse("");
            response.setHeader("WWW-Authenticate", "OIDC realm=\"" + realm + "\", error=\"insufficient_user_authentication\""
                    + (acr.isEmpty() ? "" : ", acr_values=\"" + stepUp.acrValuesText() + "\"")
                    + stepUp.maxAge().map(a -> ", max_age=\"" + a + "\"").orElse(""));
            json(response, 401, "{" + acr + age + "\"error\":\"insufficient_user_authentication\"}");
            return;
        }
        String returnPath = RequestUrls.returnPath(request);
        if (attempts.recentlyTried(request, returnPath)) {
            ErrorResponses.send(request, response, new OidcException(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, why
                    + "; a step-up for this page already ran within " + StepUpAttempts.WINDOW.toSeconds() + " s "
                    + "without meeting it, so no other is started (does the provider support acr_values "
                    + stepUp.acrValuesText() + " / max_age?)", "RFC 9470"));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "OIDC {0} {1}: {2}: starting a step-up login", request.getMethod(),
                RequestUrls.loggedPath(request), why);
        try {
            attempts.record(request, response, returnPath);
            logins.startStepUp(request, response, stepUp);
        } catch (OidcException e) {
            ErrorResponses.send(request, response, e);
        }
    }

    private AccessSubject subject(OidcSession session) {
        String granted = session.tokens().scope();
        Set<String> scopes = granted == null ? requestedScopes : Set.of(granted.trim().split("\\s+"));
        return new AccessSubject(authenticationClaims(session), session.principal().roles(), scopes, clock.instant(),
                skewSeconds);
    }

    /**
     * The session's claims with {@code acr} and {@code auth_time} as the ID token itself states them: merged
     * UserInfo claims fill only what the ID token lacks, and a UserInfo answer (whose attributes some providers let
     * users edit) says nothing about how the user authenticated (OpenID Connect Core 1.0 §2).
     */
    private static Map<String, Object> authenticationClaims(OidcSession session) {
        Map<String, Object> claims = session.claims();
        if (!claims.containsKey(ACR) && !claims.containsKey(AUTH_TIME)) {
            return claims;
        }
        Map<String, Object> own = Map.of();
        String idToken = session.tokens().idToken();
        try {
            own = idToken == null ? own : SessionCodec.idTokenClaims(idToken);
        } catch (IllegalArgumentException unreadable) {
            // no ID token claims to trust: neither acr nor auth_time holds
        }
        if (Objects.equals(own.get(ACR), claims.get(ACR))
                && Objects.equals(own.get(AUTH_TIME), claims.get(AUTH_TIME))) {
            return claims;
        }
        Map<String, Object> checked = new HashMap<>(claims);
        checked.remove(ACR);
        checked.remove(AUTH_TIME);
        for (String name : List.of(ACR, AUTH_TIME)) {
            if (own.get(name) != null) {
                checked.put(name, own.get(name));
            }
        }
        return checked;
    }

    /** 403: a page for a navigation, JSON {@code {"error":"forbidden"}} for anything else. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, OidcException e)
            throws IOException {
        if (RequestKind.isNavigation(request) || response.isCommitted()) {
            ErrorResponses.send(request, response, e);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "OIDC {0} {1}: {2}", request.getMethod(),
                RequestUrls.loggedPath(request), e.logLine());
        json(response, e.code().httpStatus(), "{\"error\":\"" + e.code().value() + "\"}");
    }

    private static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }

    private static String describe(String path) {
        return path == null ? "a path not spelled plainly (every rule applies)" : path;
    }
}
