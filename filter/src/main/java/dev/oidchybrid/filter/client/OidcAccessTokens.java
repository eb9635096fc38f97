package dev.oidchybrid.filter.client;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

import java.util.Optional;
import java.util.function.Function;

/**
 * The access token of the user behind the request being handled, for calling APIs with any HTTP client:
 * {@code OidcAccessTokens.current().ifPresent(t -> conn.setRequestProperty("Authorization", "Bearer " + t))}, or,
 * for tokens that may be DPoP-bound, {@link #authorization(String, String)} with the outgoing method and URL.
 * The token is refreshed first when it is due, so it is valid when it leaves. Works on the thread that runs
 * the filter chain (the usual servlet case); code on other threads passes the request to {@link #of}.
 */
public final class OidcAccessTokens {

    /** Request attribute under which the filter leaves the function that yields (and refreshes) the token. */
    public static final String SOURCE_ATTRIBUTE = "dev.oidchybrid.filter.client.tokens";

    /**
     * Request attribute under which the filter leaves the origins ({@code scheme://host[:port]}) the access token
     * may be sent to: {@code api-origins}, the provider's UserInfo, the application itself.
     */
    public static final String DESTINATIONS_ATTRIBUTE = "dev.oidchybrid.filter.client.destinations";

    /**
     * Request attribute under which the filter leaves the function that yields, for an outgoing request's method
     * and URL, what that request must carry (the token, refreshed first if due, and a DPoP proof if bound).
     */
    public static final String AUTHORIZATION_ATTRIBUTE = "dev.oidchybrid.filter.client.authorization";

    private static final ThreadLocal<HttpServletRequest> CURRENT = new ThreadLocal<>();

    private OidcAccessTokens() {
    }

    /**
     * The current request's access token, refreshed first if due; empty outside a logged-in request, and for a
     * DPoP-bound token, which must go with a proof: use {@link #authorization(String, String)}.
     */
    public static Optional<String> current() {
        HttpServletRequest request = CURRENT.get();
        return request == null ? Optional.empty() : of(request);
    }

    /** The access token of a request that passed the filter, refreshed first if due. */
    @SuppressWarnings("unchecked")
    public static Optional<String> of(HttpServletRequest request) {
        Object tokens = request.getAttribute(SOURCE_ATTRIBUTE);
        return tokens instanceof Function<?, ?> f
                ? ((Function<HttpServletRequest, Optional<String>>) f).apply(request) : Optional.empty();
    }

    /**
     * What an outgoing request to {@code url} with {@code method} must carry for the current request's user: the
     * Bearer token, or a DPoP-bound token with a proof for exactly that request. Empty outside a logged-in
     * request. Check the destination first (see {@link #allowedDestinations()}): the token must not go elsewhere.
     */
    public static Optional<OidcAuthorization> authorization(String method, String url) {
        HttpServletRequest request = CURRENT.get();
        return request == null ? Optional.empty() : authorization(request, method, url);
    }

    /** What an outgoing request must carry for the user of a request that passed the filter. */
    @SuppressWarnings("unchecked")
    public static Optional<OidcAuthorization> authorization(HttpServletRequest request, String method, String url) {
        Object source = request.getAttribute(AUTHORIZATION_ATTRIBUTE);
        return source instanceof java.util.function.BiFunction<?, ?, ?> f
                ? ((java.util.function.BiFunction<String, String, Optional<OidcAuthorization>>) f).apply(method, url)
                : Optional.empty();
    }

    /** The origins the current request's access token may be sent to; empty outside a logged-in request. */
    public static java.util.Set<String> allowedDestinations() {
        HttpServletRequest request = CURRENT.get();
        return request == null ? java.util.Set.of() : allowedDestinations(request);
    }

    /** The origins the access token of a request that passed the filter may be sent to. */
    public static java.util.Set<String> allowedDestinations(HttpServletRequest request) {
        Object origins = request.getAttribute(DESTINATIONS_ATTRIBUTE);
        if (origins instanceof java.util.function.Supplier<?> lazy) {
            origins = lazy.get();
        }
        if (!(origins instanceof java.util.Set<?> set)) {
            return java.util.Set.of();
        }
        java.util.Set<String> strings = new java.util.LinkedHashSet<>();
        set.forEach(o -> strings.add(String.valueOf(o)));
        return strings;
    }

    /**
     * Runs {@code body} with {@code request} as the current request.
     *
     * @deprecated the filter passes requests on with {@link #runAs(HttpServletRequest, ServletResponse, FilterChain)}
     */
    @Deprecated(since = "0.1.0")
    public static void runAs(HttpServletRequest request, Chain body) throws IOException, ServletException {
        runAs(request, null, (req, res) -> body.run());
    }

    /** The rest of the filter chain, for {@link #runAs(HttpServletRequest, Chain)}. */
    @FunctionalInterface
    public interface Chain {
        void run() throws IOException, ServletException;
    }

    /**
     * Passes {@code request} on along {@code chain} with it as the current request ({@link #current()},
     * {@link #authorization(String, String)}). Used by the filter.
     */
    public static void runAs(HttpServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest previous = CURRENT.get();
        CURRENT.set(request);
        try {
            chain.doFilter(request, response);
        } finally {
            // set, not removed: cheaper on every request, and a null value holds nothing of the application
            CURRENT.set(previous);
        }
    }
}
