package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.StepUpRequiredException;
import dev.oidchybrid.filter.web.OidcAttributes;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.BearerSettings;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.ProviderSettings;
import dev.oidchybrid.filter.internal.observe.Telemetry;
import dev.oidchybrid.filter.session.OidcPrincipal;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import dev.oidchybrid.filter.internal.token.AccessTokenValidator;
import dev.oidchybrid.filter.internal.token.DpopProofValidator;
import dev.oidchybrid.filter.internal.token.ValidatedAccessToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer mode: a request passes only with a valid JWT access token in {@code Authorization: Bearer}
 * (RFC 6750 §2.1) that has the scopes its path needs. Otherwise 401 with a {@code WWW-Authenticate: Bearer}
 * challenge ({@code invalid_token} when a token was sent, none when it was missing, RFC 6750 §3.1) or 403
 * {@code insufficient_scope} naming the scopes. Never a redirect, never a session. Then the path's
 * {@code access-rules} ({@link BearerAccess}); a {@code StepUpRequiredException} out of the chain (an API this one
 * called wants a stronger login) is relayed as RFC 9470's 401 {@code insufficient_user_authentication}.
 *
 * <p>DPoP (RFC 9449 §7), whatever the client-side {@code dpop} setting: a token bound to a key ({@code cnf.jkt})
 * passes only as {@code Authorization: DPoP} with one valid proof of that key for this request
 * ({@link DpopProofValidator}); sent as {@code Bearer} it is {@code invalid_token}, and the {@code DPoP} scheme
 * needs a bound token. DPoP failures answer with a {@code DPoP} challenge naming the accepted algorithms. With
 * {@code dpop-nonce}, every answer to the {@code DPoP} scheme carries a {@code DPoP-Nonce}, and a proof without a
 * current one gets {@code use_dpop_nonce} (RFC 9449 §9). The {@code htu} is compared with {@code base-url} and the
 * path, or without it with the socket the request arrived on, never with the Host or forwarded headers the client
 * chooses.
 */
final class BearerRequests {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final BearerSettings bearer;
    private final ProviderSettings provider;
    private final AccessTokenValidator validator;
    private final DpopProofValidator dpop;
    private final RequestUrls urls;
    private final Clock clock;
    private final String realm;
    private final boolean boundOnly;
    private final BearerAccess access;
    private final Telemetry telemetry;

    /**
     * @param provider its principal and roles claims name the request's user
     * @param audience the audience access tokens must carry, which is also the challenge's realm
     * @param urls      the request's URL as the client sees it (base-url), for DPoP's htu
     * @param boundOnly whether unbound tokens are refused ({@code profile=fapi2}: sender-constrained tokens only)
     * @param access    the {@code access-rules}
     * @param telemetry told of each request accepted, or refused and why (the answer's error)
     */
    BearerRequests(BearerSettings bearer, ProviderSettings provider, String audience, AccessTokenValidator validator,
                   DpopProofValidator dpop, RequestUrls urls, Clock clock, boolean boundOnly, BearerAccess access,
                   Telemetry telemetry) {
        this.access = access;
        this.telemetry = telemetry;
        this.boundOnly = boundOnly;
        this.bearer = bearer;
        this.provider = provider;
        this.validator = validator;
        this.dpop = dpop;
        this.urls = urls;
        this.clock = clock;
        this.realm = audience.replace("\"", "");
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String dispatchPath)
            throws IOException, ServletException {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.isEmpty()) {
            challenge(response, 401, "Bearer realm=\"" + realm + "\"", null);
            return;
        }
        String header = headers.get(0);
        String scheme = header.indexOf(' ') < 0 ? "" : header.substring(0, header.indexOf(' ')).toLowerCase(Locale.ROOT);
        boolean dpop = scheme.equals("dpop");
        if (headers.size() > 1 || header.length() < 8 || !dpop && !scheme.equals("bearer")) {
            challenge(response, 400, "Bearer realm=\"" + realm + "\", error=\"invalid_request\"", "invalid_request");
            return;
        }
        if (dpop) {
            this.dpop.nonce().ifPresent(nonce -> response.setHeader("DPoP-Nonce", nonce));
        }
        ValidatedAccessToken token;
        try {
            token = validator.validate(header.substring(scheme.length() + 1).trim());
        } catch (OidcException e) {
            if (e.code() == ErrorCode.OP_UNAVAILABLE || e.code() == ErrorCode.OP_TIMEOUT) {
                telemetry.bearerRefused(e.code().value());
                ErrorResponses.send(request, response, e);
                return;
            }
            refuseToken(request, response, dpop, e.logLine(), "The access token is invalid or expired");
            return;
        }
        Optional<String> boundKey = token.boundKey();
        if (!dpop && boundKey.isPresent()) {
            refuseToken(request, response, false, "a DPoP-bound token (cnf.jkt) sent as Bearer, without its proof "
                    + "(RFC 9449 §7.2)", "The access token is DPoP-bound: present it with the DPoP scheme");
            return;
        }
        if (!dpop && boundOnly) {
            refuseToken(request, response, false, "an unbound token (no cnf.jkt): profile=fapi2 accepts "
                    + "sender-constrained (DPoP-bound) tokens only", "The access token is not sender-constrained");
            return;
        }
        if (dpop && boundKey.isEmpty()) {
            refuseToken(request, response, true, "an unbound token (no cnf.jkt) sent with the DPoP scheme",
                    "The access token is not DPoP-bound");
            return;
        }
        if (dpop && !proofHolds(request, response, token, boundKey.get())) {
            return;
        }
        List<String> needed = neededScopes(dispatchPath);
        if (!token.scopes().containsAll(needed)) {
            LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: token of {2} lacks scope {3}",
                    request.getMethod(), RequestUrls.loggedPath(request), token.subject(), String.join(" ", needed));
            challenge(response, 403, (dpop ? dpopChallenge() : "Bearer realm=\"" + realm + "\"")
                    + ", error=\"insufficient_scope\", scope=\"" + String.join(" ", needed) + "\"", "insufficient_scope");
            return;
        }
        Set<String> roles = provider.rolesClaim().map(claim -> SessionFactory.roles(token.claims(), claim))
                .orElse(Set.of());
        Optional<BearerAccess.Refusal> refusal = access.check(dispatchPath, token, roles);
        if (refusal.isPresent()) {
            refuse(request, response, dpop, token, refusal.get());
            return;
        }
        Object name = token.claims().get(provider.principalClaim());
        OidcPrincipal principal = new OidcPrincipal(name instanceof String s && !s.isEmpty() ? s : token.subject(),
                token.issuer(), token.subject(), roles);
        request.setAttribute(OidcAttributes.ACCESS_TOKEN, token.raw());
        request.setAttribute(OidcAttributes.CLAIMS, token.claims());
        request.setAttribute(OidcAttributes.SCOPES, token.scopes());
        request.setAttribute(OidcAttributes.PRINCIPAL, principal);
        boundKey.ifPresent(jkt -> request.setAttribute(OidcAttributes.DPOP_JKT, jkt));
        telemetry.bearerAccepted();
        try {
            chain.doFilter(new OidcRequestWrapper(request, principal, OidcRequestWrapper.BEARER_AUTH_TYPE), response);
        } catch (RuntimeException | ServletException | IOException e) {
            Optional<StepUpRequiredException> stepUp = StepUpRequiredException.causeOf(e);
            if (stepUp.isEmpty() || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            refuse(request, response, dpop, token, BearerAccess.relayed(stepUp.get()));
        }
    }

    /** An access rule's (or a called API's) refusal, with the challenge of the scheme the client used. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, boolean dpop,
                        ValidatedAccessToken token, BearerAccess.Refusal refusal) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: token of {2} refused: {3}", request.getMethod(),
                RequestUrls.loggedPath(request), token.subject(), refusal.reason());
        challenge(response, refusal.status(), (dpop ? dpopChallenge() : "Bearer realm=\"" + realm + "\"")
                + refusal.challengeParams(), refusal.error());
    }

    /**
     * Whether the request's one {@code DPoP} header is a valid proof for it, its token and the token's key (RFC 9449
     * §4.3, §7.1); otherwise answers 401 {@code invalid_dpop_proof}.
     */
    private boolean proofHolds(HttpServletRequest request, HttpServletResponse response, ValidatedAccessToken token,
                               String boundKey) throws IOException {
        List<String> proofs = Collections.list(request.getHeaders("DPoP"));
        DpopProofValidator.Result result;
        try {
            result = proofs.size() != 1
                    ? new DpopProofValidator.Result(null, List.of(new DpopProofValidator.Problem("DPoP",
                            DpopProofValidator.MISSING,
                            proofs.isEmpty() ? "no DPoP header" : "more than one DPoP header")))
                    : dpop.validate(proofs.get(0), request.getMethod(), urls.requestUrl(request), token.raw(), boundKey,
                            clock.instant());
        } catch (OidcException e) {
            // the used-proofs store (shared-state=jcache) is unreachable: 503 with Retry-After, never a 500
            telemetry.bearerRefused(e.code().value());
            ErrorResponses.send(request, response, e);
            return false;
        }
        if (result.valid()) {
            return true;
        }
        if (result.needsNonce()) {
            // the ordinary first step of a client that does not know the nonce yet (RFC 9449 §9): no warning
            LOG.log(System.Logger.Level.DEBUG, "OIDC bearer {0} {1}: {2}", request.getMethod(),
                    RequestUrls.loggedPath(request), result.describe());
            challenge(response, 401, dpopChallenge() + ", error=\"use_dpop_nonce\", "
                    + "error_description=\"Resource server requires nonce in DPoP proof\"", "use_dpop_nonce");
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: DPoP proof of {2} refused: {3} (RFC 9449 §4.3)",
                request.getMethod(), RequestUrls.loggedPath(request), token.subject(), result.describe());
        challenge(response, 401, dpopChallenge() + ", error=\"invalid_dpop_proof\", "
                + "error_description=\"The DPoP proof is invalid\"", "invalid_dpop_proof");
        return false;
    }

    /** 401 {@code invalid_token}, with the challenge of the scheme the client used. */
    private void refuseToken(HttpServletRequest request, HttpServletResponse response, boolean dpop, String logLine,
                             String description) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: {2}", request.getMethod(),
                RequestUrls.loggedPath(request), logLine);
        challenge(response, 401, (dpop ? dpopChallenge() : "Bearer realm=\"" + realm + "\"")
                + ", error=\"invalid_token\", error_description=\"" + description + "\"", "invalid_token");
    }

    /** The start of a {@code DPoP} challenge (RFC 9449 §7.1): realm and the accepted proof algorithms. */
    private String dpopChallenge() {
        return "DPoP realm=\"" + realm + "\", algs=\"" + dpop.algs() + "\"";
    }

    /**
     * A request whose raw URI does not spell its dispatch path plainly (dot segments, {@code //}, encoded
     * separators): 400, since a framework behind the filter that routes on the raw URI could reach a resource
     * other than the one the scope rules were matched for.
     */
    void refuseAmbiguousPath(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: refused, the raw path does not plainly spell the "
                + "path the container dispatches (dot segments, //, ; or encoded separators)", request.getMethod(),
                RequestUrls.loggedPath(request));
        challenge(response, 400, "Bearer realm=\"" + realm + "\", error=\"invalid_request\"", "invalid_request");
    }

    /** The scopes of the first rule that matches the dispatch path, else of the default rule ({@code *}), else none. */
    private List<String> neededScopes(String dispatchPath) {
        for (OidcConfig.ScopeRule rule : bearer.requiredScopes()) {
            if (rule.paths().matches(dispatchPath)) {
                return rule.scopes();
            }
        }
        return bearer.defaultRequiredScopes();
    }

    /**
     * The refusal, told to the telemetry by its error ({@code missing_token} without one).
     *
     * @param error the body's {@code error}, or null for none (a missing token: no error, RFC 6750 §3.1)
     */
    private void challenge(HttpServletResponse response, int status, String challenge, String error)
            throws IOException {
        telemetry.bearerRefused(error == null ? "missing_token" : error);
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", challenge);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + (error == null ? "invalid_token" : error) + "\"}");
    }
}
