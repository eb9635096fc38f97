package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ParMode;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a login pushes its authorization request (RFC 9126), and the browser's URL after a push. Pure.
 * {@code par=auto} pushes when the provider requires it ({@code require_pushed_authorization_requests}, §5),
 * {@code true} always, {@code false} never.
 */
public final class PushedAuthorization {

    private static final String SPEC = "RFC 9126 §5";

    private PushedAuthorization() {
    }

    /**
     * The endpoint to push to, or empty when the authorization request goes through the browser.
     *
     * @throws OidcException {@code par_unsupported} when a push is needed but the provider advertises no endpoint
     */
    public static Optional<String> endpoint(ParMode mode, ProviderMetadata provider) {
        boolean push = mode == ParMode.TRUE || mode == ParMode.AUTO && provider.requirePushedAuthorizationRequests();
        if (!push) {
            return Optional.empty();
        }
        return Optional.of(provider.pushedAuthorizationRequests().orElseThrow(() -> new OidcException(
                ErrorCode.PAR_UNSUPPORTED, mode == ParMode.TRUE
                        ? "par is true but the provider advertises no pushed_authorization_request_endpoint: set par "
                        + "to auto (or false), or enable pushed authorization requests at the provider"
                        : "the provider requires pushed authorization requests but advertises no "
                        + "pushed_authorization_request_endpoint: fix the provider's discovery document", SPEC)));
    }

    /** Where the browser goes after a push: the authorization endpoint with {@code client_id} and {@code request_uri} only (§4). */
    public static String browserUrl(String authorizationEndpoint, String clientId, PushedAuthorizationResponse pushed) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", clientId);
        params.put("request_uri", pushed.requestUri());
        return AuthorizationRequestBuilder.url(authorizationEndpoint, params);
    }
}
