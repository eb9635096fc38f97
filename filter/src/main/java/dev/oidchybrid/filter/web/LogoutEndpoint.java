package dev.oidchybrid.filter.web;

import dev.oidchybrid.filter.discovery.ProviderMetadata;
import dev.oidchybrid.filter.session.OidcSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Logout: ends the local session, then, when the provider has an {@code end_session_endpoint}, sends the
 * browser there (OpenID Connect RP-Initiated Logout 1.0 §2) with {@code id_token_hint}, {@code client_id} and
 * {@code post_logout_redirect_uri}; otherwise straight to the post-logout page.
 */
final class LogoutEndpoint {

    private final OidcRuntime runtime;

    LogoutEndpoint(OidcRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<OidcSession> session = runtime.sessions.load(request);
        runtime.sessions.clear(request);
        runtime.loginAttempts.reset(request, response);
        String postLogout = runtime.urls.baseUrl(request) + runtime.config.postLogoutPath();
        ProviderMetadata provider = runtime.metadata.peek();
        response.setHeader("Cache-Control", "no-store");
        if (provider != null && provider.endSessionEndpoint() != null) {
            String endpoint = provider.endSessionEndpoint();
            StringBuilder url = new StringBuilder(endpoint).append(endpoint.indexOf('?') >= 0 ? '&' : '?');
            session.ifPresent(s -> url.append("id_token_hint=").append(encode(s.tokens().idToken())).append('&'));
            url.append("client_id=").append(encode(runtime.config.clientId()))
                    .append("&post_logout_redirect_uri=").append(encode(postLogout));
            response.sendRedirect(url.toString());
        } else {
            response.sendRedirect(postLogout);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
