package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ResponseType;

/**
 * An authorization response carries exactly what its response type promises (OpenID Connect Core 1.0 §3.3.2.5):
 * a code, an ID token and an access token when the type has them, and nothing it does not ask for. Pure.
 */
final class ResponseShape {

    private ResponseShape() {
    }

    static void check(CallbackParams callback, ResponseType type) {
        String spec = "OpenID Connect Core 1.0 §3.3.2.5";
        if (callback.code() == null) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE, "authorization response has no code", spec);
        }
        if (type.frontChannelIdToken() && callback.idToken() == null) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE,
                    "authorization response has no id_token although response_type is '" + type.value() + "'", spec);
        }
        if (!type.frontChannelIdToken() && callback.idToken() != null
                || !type.frontChannelAccessToken() && callback.accessToken() != null) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE,
                    "authorization response carries tokens that response_type '" + type.value() + "' does not ask for",
                    spec);
        }
        if (type.frontChannelAccessToken() && callback.accessToken() == null) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE,
                    "authorization response has no access_token although response_type is '" + type.value() + "'", spec);
        }
    }
}
