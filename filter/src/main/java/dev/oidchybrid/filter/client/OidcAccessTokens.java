package dev.oidchybrid.filter.client;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

import java.util.Optional;
import java.util.function.Function;

/**
 * The access token of the user behind the request being handled, for calling APIs with any HTTP client:
 * {@code OidcAccessTokens.current().ifPresent(t -> conn.setRequestProperty("Authorization", "Bearer " + t))}.
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

    private static final ThreadLocal<HttpServletRequest> CURRENT = new ThreadLocal<>();

    private OidcAccessTokens() {
    }

    /** The current request's access token, refreshed first if due; empty outside a logged-in request. */
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

    /** The origins the current request's access token may be sent to; empty outside a logged-in request. */
    public static java.util.Set<String> allowedDestinations() {
        HttpServletRequest request = CURRENT.get();
        return request == null ? java.util.Set.of() : allowedDestinations(request);
    }

    /** The origins the access token of a request that passed the filter may be sent to. */
    public static java.util.Set<String> allowedDestinations(HttpServletRequest request) {
        Object origins = request.getAttribute(DESTINATIONS_ATTRIBUTE);
        if (!(origins instanceof java.util.Set<?> set)) {
            return java.util.Set.of();
        }
        java.util.Set<String> strings = new java.util.LinkedHashSet<>();
        set.forEach(o -> strings.add(String.valueOf(o)));
        return strings;
    }

    /**
     * Runs {@code body} with {@code request} as the current request. Used by the filter around the chain.
     */
    public static void runAs(HttpServletRequest request, Chain body) throws IOException, ServletException {
        HttpServletRequest previous = CURRENT.get();
        CURRENT.set(request);
        try {
            body.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The rest of the filter chain. */
    @FunctionalInterface
    public interface Chain {
        void run() throws IOException, ServletException;
    }
}
