package dev.oidchybrid.filter.internal.flow;

import java.util.Map;

/**
 * Pushes an authorization request to the provider's pushed authorization request endpoint (RFC 9126 §2.1),
 * the client authenticated as at the token endpoint. The network edge of pushed authorization: implementations
 * only send and receive; {@link PushedAuthorizationResponseParser} interprets.
 */
@FunctionalInterface
public interface ParClient {

    /**
     * @param endpoint the provider's {@code pushed_authorization_request_endpoint}
     * @param params   every authorization request parameter, as {@link AuthorizationRequestBuilder#params} made them
     * @throws dev.oidchybrid.filter.internal.OidcException {@code par_refused}, {@code op_bad_response},
     *                                                      {@code op_timeout} or {@code op_unavailable}
     */
    PushedAuthorizationResponse push(String endpoint, Map<String, String> params);
}
