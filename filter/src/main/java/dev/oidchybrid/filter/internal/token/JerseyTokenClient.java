package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.http.ProviderHttp;

import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.config.ClientSettings;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


/**
 * {@link TokenClient} over the filter's Jersey client; the client authenticates each request as its
 * {@link ClientAuthentication} says.
 */
public final class JerseyTokenClient implements TokenClient {

    private final Client client;
    private final ClientAuthentication authentication;
    private final String issuer;

    /** @param issuer the provider's issuer, which client assertions name as their audience */
    public JerseyTokenClient(ProviderHttp http, ClientAuthentication authentication, String issuer) {
        this.client = http.client();
        this.authentication = authentication;
        this.issuer = issuer;
    }

    /** With the client secret (basic or post), or as a public client. */
    public JerseyTokenClient(ProviderHttp http, ClientSettings settings) {
        this(http, ClientAuthentication.withSecret(settings), null);
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
        ClientAuthentication.Credentials credentials = authentication.credentials(tokenEndpoint, issuer);
        credentials.headers().forEach(request::header);
        credentials.params().forEach(form::param);
        try (Response response = request.post(Entity.form(form))) {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            return TokenResponseParser.parse(response.getStatus(), body, idTokenNeeded);
        } catch (ProcessingException e) {
            throw HttpFailures.fromProcessing("token request to " + tokenEndpoint, e);
        }
    }
}
