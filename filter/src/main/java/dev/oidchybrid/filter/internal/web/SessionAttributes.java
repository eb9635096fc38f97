package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.OidcAccessTokens;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/**
 * The request attributes of a signed-in request in session mode ({@link OidcAttributes} and the hooks of
 * {@link OidcAccessTokens}), worked out from the session when asked for. {@link OidcRequestWrapper} answers them
 * on the request the filter passes on, so a request that never reads them costs no attribute writes; they are
 * written onto a request ({@link #setOn}) only where the application may read them without the wrapper: the
 * container's own security ({@code container-auth}), an error page, an asynchronous request.
 */
final class SessionAttributes {

    /** Every name this answers, in the order {@link #setOn} writes them. */
    static final List<String> NAMES = List.of(OidcAttributes.ID_TOKEN, OidcAttributes.ACCESS_TOKEN,
            OidcAttributes.CLAIMS, OidcAttributes.TOKEN_SET, OidcAttributes.PRINCIPAL,
            OidcAccessTokens.SOURCE_ATTRIBUTE, OidcAccessTokens.AUTHORIZATION_ATTRIBUTE,
            OidcAccessTokens.DESTINATIONS_ATTRIBUTE);

    private final OidcSession session;
    private final ProtectedRequests owner;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private Object accessTokens;
    private Object authorizations;
    private Object destinations;

    /** @param owner makes the hooks of {@link OidcAccessTokens} for this request, once each, if asked */
    SessionAttributes(OidcSession session, ProtectedRequests owner, HttpServletRequest request,
                      HttpServletResponse response) {
        this.session = session;
        this.owner = owner;
        this.request = request;
        this.response = response;
    }

    /** The session these attributes are of. */
    OidcSession session() {
        return session;
    }

    /** Ends the request's local session ({@code HttpServletRequest#logout()}). */
    void endLocal() {
        owner.endLocal(request, response);
    }

    /** Whether {@code name} is one of the attributes this answers. */
    static boolean answers(String name) {
        return switch (name) {
            case OidcAttributes.ID_TOKEN, OidcAttributes.ACCESS_TOKEN, OidcAttributes.CLAIMS,
                    OidcAttributes.TOKEN_SET, OidcAttributes.PRINCIPAL, OidcAccessTokens.SOURCE_ATTRIBUTE,
                    OidcAccessTokens.AUTHORIZATION_ATTRIBUTE, OidcAccessTokens.DESTINATIONS_ATTRIBUTE -> true;
            default -> false;
        };
    }

    /** The value of attribute {@code name}, or null when it is not one of these (or has no value). */
    Object get(String name) {
        return switch (name) {
            case OidcAttributes.ID_TOKEN -> session.tokens().idToken();
            case OidcAttributes.ACCESS_TOKEN -> session.tokens().accessToken();
            case OidcAttributes.CLAIMS -> session.claims();
            case OidcAttributes.TOKEN_SET -> session.tokens().withoutDpopKey();
            case OidcAttributes.PRINCIPAL -> session.principal();
            case OidcAccessTokens.SOURCE_ATTRIBUTE -> accessTokens != null ? accessTokens
                    : (accessTokens = owner.accessTokens(response));
            case OidcAccessTokens.AUTHORIZATION_ATTRIBUTE -> authorizations != null ? authorizations
                    : (authorizations = owner.authorizations(request, response));
            case OidcAccessTokens.DESTINATIONS_ATTRIBUTE -> destinations != null ? destinations
                    : (destinations = owner.destinations(request));
            default -> null;
        };
    }

    /** Writes every attribute onto {@code request}, for code that reads them without the filter's wrapper. */
    void setOn(HttpServletRequest request) {
        for (String name : NAMES) {
            request.setAttribute(name, get(name));
        }
    }
}
