package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.observe.ProviderCalls;
import dev.oidchybrid.filter.internal.observe.ProviderEndpoint;
import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.ClientSettings;
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
 * {@link TokenClient} over the filter's Jersey client; the client authenticates each request as its
 * {@link ClientAuthentication} says.
 */
public final class JerseyTokenClient implements TokenClient {

    private static final String SPEC = "RFC 9449 §5, §8";

    private final Client client;
    private final ProviderCalls calls;
    private final ClientAuthentication authentication;
    private final String issuer;
    private final Dpop dpop;

    /**
     * @param issuer the provider's issuer, which client assertions name as their audience
     * @param dpop   makes the proofs of requests with a DPoP key, or null when the filter uses Bearer tokens only
     */
    public JerseyTokenClient(ProviderHttp http, ClientAuthentication authentication, String issuer, Dpop dpop) {
        this.client = http.client();
        this.calls = http.calls();
        this.authentication = authentication;
        this.issuer = issuer;
        this.dpop = dpop;
    }

    /** With the client secret (basic or post), or as a public client; Bearer tokens. */
    public JerseyTokenClient(ProviderHttp http, ClientSettings settings) {
        this(http, ClientAuthentication.withSecret(settings), null, null);
    }

    @Override
    public TokenResponse redeemCode(String tokenEndpoint, String code, String redirectUri, String codeVerifier,
                                    DpopKey key) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return post(tokenEndpoint, form, true, key);
    }

    @Override
    public TokenResponse refresh(String tokenEndpoint, String refreshToken, String scope, DpopKey key) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) {
            form.put("scope", scope);
        }
        return post(tokenEndpoint, form, false, key);
    }

    /**
     * Posts the grant, authenticated afresh and with a fresh DPoP proof per attempt; a {@code use_dpop_nonce}
     * answer that carries a nonce is tried once more with it (RFC 9449 §8), never more.
     */
    private TokenResponse post(String tokenEndpoint, Map<String, String> params, boolean idTokenNeeded,
                               DpopKey key) {
        if (key != null && dpop == null) {
            throw new IllegalStateException("a DPoP key without DPoP configured");
        }
        for (int attempt = 1; ; attempt++) {
            Invocation.Builder request = client.target(tokenEndpoint).request(MediaType.APPLICATION_JSON_TYPE);
            Form form = new Form();
            params.forEach(form::param);
            ClientAuthentication.Credentials credentials = authentication.credentials(tokenEndpoint, issuer);
            credentials.headers().forEach(request::header);
            credentials.params().forEach(form::param);
            if (key != null) {
                request.header("DPoP", dpop.proof(key, "POST", tokenEndpoint, null));
            }
            TokenResponse parsed;
            try {
                parsed = calls.call(ProviderEndpoint.TOKEN, call -> {
                    try (Response response = request.post(Entity.form(form))) {
                        call.status(response.getStatus());
                        if (dpop != null) {
                            dpop.rememberNonce(tokenEndpoint, response.getHeaderString("DPoP-Nonce"));
                        }
                        String body = response.hasEntity() ? response.readEntity(String.class) : null;
                        return TokenResponseParser.parse(response.getStatus(), body, idTokenNeeded);
                    } catch (ProcessingException e) {
                        throw HttpFailures.fromProcessing("token request to " + tokenEndpoint, e);
                    }
                });
            } catch (OidcException e) {
                if (key != null && attempt == 1 && nonce(e) && dpop.hasNonceFor(tokenEndpoint)) {
                    continue;
                }
                throw e;
            }
            return acceptedType(parsed, key != null);
        }
    }

    private static boolean nonce(OidcException e) {
        return e.providerError().filter("use_dpop_nonce"::equals).isPresent();
    }

    private TokenResponse acceptedType(TokenResponse response, boolean proofSent) {
        boolean acceptable = dpop == null ? response.tokenType().equals("Bearer")
                : dpop.acceptable(response.tokenType(), proofSent);
        if (!acceptable) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, proofSent
                    ? "token response has token_type " + response.tokenType() + " although the request carried a "
                    + "DPoP proof: refusing the downgrade to an unbound token (dpop=optional accepts it)"
                    : "token response has token_type " + response.tokenType() + " although no DPoP proof was sent",
                    SPEC);
        }
        return response;
    }
}
