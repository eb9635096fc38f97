package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.web.OidcAttributes;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.BearerSettings;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.ProviderSettings;
import dev.oidchybrid.filter.session.OidcPrincipal;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import dev.oidchybrid.filter.internal.token.AccessTokenValidator;
import dev.oidchybrid.filter.internal.token.ValidatedAccessToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bearer mode: a request passes only with a valid JWT access token in {@code Authorization: Bearer}
 * (RFC 6750 §2.1) that has the scopes its path needs. Otherwise 401 with a {@code WWW-Authenticate: Bearer}
 * challenge ({@code invalid_token} when a token was sent, none when it was missing, RFC 6750 §3.1) or 403
 * {@code insufficient_scope} naming the scopes. Never a redirect, never a session.
 */
final class BearerRequests {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    private final BearerSettings bearer;
    private final ProviderSettings provider;
    private final AccessTokenValidator validator;
    private final String realm;

    /**
     * @param provider its principal and roles claims name the request's user
     * @param audience the audience access tokens must carry, which is also the challenge's realm
     */
    BearerRequests(BearerSettings bearer, ProviderSettings provider, String audience, AccessTokenValidator validator) {
        this.bearer = bearer;
        this.provider = provider;
        this.validator = validator;
        this.realm = audience.replace("\"", "");
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String dispatchPath)
            throws IOException, ServletException {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.isEmpty()) {
            challenge(response, 401, "Bearer realm=\"" + realm + "\"");
            return;
        }
        String header = headers.get(0);
        if (headers.size() > 1 || header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            challenge(response, 400, "Bearer realm=\"" + realm + "\", error=\"invalid_request\"");
            return;
        }
        ValidatedAccessToken token;
        try {
            token = validator.validate(header.substring(7).trim());
        } catch (OidcException e) {
            if (e.code() == ErrorCode.OP_UNAVAILABLE || e.code() == ErrorCode.OP_TIMEOUT) {
                ErrorResponses.send(request, response, e);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: {2}", request.getMethod(),
                    RequestUrls.rawPathInApplication(request), e.logLine());
            challenge(response, 401, "Bearer realm=\"" + realm + "\", error=\"invalid_token\", "
                    + "error_description=\"The access token is invalid or expired\"");
            return;
        }
        List<String> needed = neededScopes(dispatchPath);
        if (!token.scopes().containsAll(needed)) {
            LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: token of {2} lacks scope {3}",
                    request.getMethod(), RequestUrls.rawPathInApplication(request), token.subject(), String.join(" ", needed));
            challenge(response, 403, "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\", scope=\""
                    + String.join(" ", needed) + "\"");
            return;
        }
        Set<String> roles = provider.rolesClaim().map(claim -> SessionFactory.roles(token.claims(), claim))
                .orElse(Set.of());
        Object name = token.claims().get(provider.principalClaim());
        OidcPrincipal principal = new OidcPrincipal(name instanceof String s && !s.isEmpty() ? s : token.subject(),
                token.issuer(), token.subject(), roles);
        request.setAttribute(OidcAttributes.ACCESS_TOKEN, token.raw());
        request.setAttribute(OidcAttributes.CLAIMS, token.claims());
        request.setAttribute(OidcAttributes.SCOPES, token.scopes());
        request.setAttribute(OidcAttributes.PRINCIPAL, principal);
        chain.doFilter(new OidcRequestWrapper(request, principal, OidcRequestWrapper.BEARER_AUTH_TYPE), response);
    }

    /**
     * A request whose raw URI does not spell its dispatch path plainly (dot segments, {@code //}, encoded
     * separators): 400, since a framework behind the filter that routes on the raw URI could reach a resource
     * other than the one the scope rules were matched for.
     */
    void refuseAmbiguousPath(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "OIDC bearer {0} {1}: refused, the raw path does not plainly spell the "
                + "path the container dispatches (dot segments, //, ; or encoded separators)", request.getMethod(),
                RequestUrls.rawPathInApplication(request));
        challenge(response, 400, "Bearer realm=\"" + realm + "\", error=\"invalid_request\"");
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

    private static void challenge(HttpServletResponse response, int status, String challenge) throws IOException {
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", challenge);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String error = status == 403 ? "insufficient_scope" : status == 400 ? "invalid_request" : "invalid_token";
        response.getWriter().write("{\"error\":\"" + error + "\"}");
    }
}
