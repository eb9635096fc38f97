package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.observe.ProviderCalls;
import dev.oidchybrid.filter.internal.observe.ProviderEndpoint;
import dev.oidchybrid.filter.internal.token.ClientAuthentication;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ParClient} over the filter's Jersey client (its timeouts, no redirects followed): the authorization
 * parameters as a form POST (RFC 9126 §2.1), the client authenticated as its {@link ClientAuthentication} says,
 * exactly as at the token endpoint.
 */
public final class JerseyParClient implements ParClient {

    private final Client client;
    private final ProviderCalls calls;
    private final ClientAuthentication authentication;
    private final String issuer;

    /** @param issuer the provider's issuer, which client assertions name as their audience */
    public JerseyParClient(ProviderHttp http, ClientAuthentication authentication, String issuer) {
        this.client = http.client();
        this.calls = http.calls();
        this.authentication = authentication;
        this.issuer = issuer;
    }

    @Override
    public PushedAuthorizationResponse push(String endpoint, Map<String, String> params) {
        ClientAuthentication.Credentials credentials = authentication.credentials(endpoint, issuer);
        // client_id is an authorization parameter and may be a credential too: each name is sent once
        Map<String, String> body = new LinkedHashMap<>(params);
        body.putAll(credentials.params());
        Form form = new Form();
        body.forEach(form::param);
        Invocation.Builder request = client.target(endpoint).request(MediaType.APPLICATION_JSON_TYPE);
        credentials.headers().forEach(request::header);
        return calls.call(ProviderEndpoint.PAR, call -> {
            try (Response response = request.post(Entity.form(form))) {
                call.status(response.getStatus());
                String answer = response.hasEntity() ? response.readEntity(String.class) : null;
                return PushedAuthorizationResponseParser.parse(response.getStatus(), answer);
            } catch (ProcessingException e) {
                throw HttpFailures.fromProcessing("pushed authorization request to " + endpoint, e);
            }
        });
    }
}
