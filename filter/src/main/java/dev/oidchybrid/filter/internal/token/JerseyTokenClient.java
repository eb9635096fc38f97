package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.http.ProviderHttp;

import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.config.ClientAuth;
import dev.oidchybrid.filter.internal.config.ClientSettings;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@link TokenClient} over the filter's Jersey client, authenticating with {@code client_secret_basic}
 * (RFC 6749 §2.3.1: id and secret form-encoded, then Basic) or {@code client_secret_post}, or as a public
 * client with {@code client_id} only.
 */
public final class JerseyTokenClient implements TokenClient {

    private final Client client;
    private final ClientSettings settings;

    public JerseyTokenClient(ProviderHttp http, ClientSettings settings) {
        this.client = http.client();
        this.settings = settings;
    }

    @Override
    public TokenResponse redeemCode(String tokenEndpoint, String code, String redirectUri, String codeVerifier) {
        Form form = new Form()
                .param("grant_type", "authorization_code")
                .param("code", code)
                .param("redirect_uri", redirectUri)
                .param("code_verifier", codeVerifier);
        return post(tokenEndpoint, form, true);
    }

    @Override
    public TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope) {
        Form form = new Form()
                .param("grant_type", "refresh_token")
                .param("refresh_token", refreshToken);
        if (scope != null) {
            form.param("scope", scope);
        }
        return post(tokenEndpoint, form, false);
    }

    private TokenResponse post(String tokenEndpoint, Form form, boolean idTokenNeeded) {
        Invocation.Builder request = client.target(tokenEndpoint).request(MediaType.APPLICATION_JSON_TYPE);
        ClientAuth auth = settings.clientAuth();
        if (auth == ClientAuth.CLIENT_SECRET_BASIC) {
            String credentials = formEncode(settings.clientId()) + ":" + formEncode(settings.clientSecret().orElseThrow());
            request.header(HttpHeaders.AUTHORIZATION, "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.param("client_id", settings.clientId());
            if (auth == ClientAuth.CLIENT_SECRET_POST) {
                form.param("client_secret", settings.clientSecret().orElseThrow());
            }
        }
        try (Response response = request.post(Entity.form(form))) {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            return TokenResponseParser.parse(response.getStatus(), body, idTokenNeeded);
        } catch (ProcessingException e) {
            throw HttpFailures.fromProcessing("token request to " + tokenEndpoint, e);
        }
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
