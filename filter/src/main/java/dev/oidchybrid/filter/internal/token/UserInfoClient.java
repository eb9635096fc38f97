package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.http.ProviderHttp;
import dev.oidchybrid.filter.internal.observe.ProviderCalls;
import dev.oidchybrid.filter.internal.observe.ProviderEndpoint;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches the UserInfo claims (OpenID Connect Core 1.0 §5.3) with an access token, and merges them under the
 * ID token's claims: the UserInfo {@code sub} must equal the ID token's (§5.3.2), and where both name a claim,
 * the ID token's value wins, since only it is signed and checked.
 */
public final class UserInfoClient {

    private final Client client;
    private final ProviderCalls calls;
    private final Dpop dpop;

    /** @param dpop makes the proofs of DPoP-bound tokens, or null when the filter uses Bearer tokens only */
    public UserInfoClient(ProviderHttp http, Dpop dpop) {
        this.client = http.client();
        this.calls = http.calls();
        this.dpop = dpop;
    }

    /** Bearer tokens only. */
    public UserInfoClient(ProviderHttp http) {
        this(http, null);
    }

    /**
     * The claims of the ID token, completed by the UserInfo answer for {@code accessToken}.
     *
     * @param key the key the access token is bound to (it is then sent with the DPoP scheme and a proof), or null
     */
    public Map<String, Object> merged(String endpoint, String accessToken, DpopKey key,
                                      Map<String, Object> idTokenClaims) {
        Map<String, Object> userinfo = fetch(endpoint, accessToken, key);
        if (!idTokenClaims.get("sub").equals(userinfo.get("sub"))) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE, "userinfo sub differs from the ID token's",
                    "OpenID Connect Core 1.0 §5.3.2");
        }
        Map<String, Object> merged = new LinkedHashMap<>(userinfo);
        merged.putAll(idTokenClaims);
        return merged;
    }

    private Map<String, Object> fetch(String endpoint, String accessToken, DpopKey key) {
        if (key != null && dpop == null) {
            throw new IllegalStateException("a DPoP key without DPoP configured");
        }
        Optional<Map<String, Object>> first = exchange(endpoint, accessToken, key, true);
        return first.isPresent() ? first.get() : exchange(endpoint, accessToken, key, false).orElseThrow();
    }

    /** One request; empty when it may be retried with the nonce the server just gave (RFC 9449 §9). */
    private Optional<Map<String, Object>> exchange(String endpoint, String accessToken, DpopKey key, boolean first) {
        return calls.call(ProviderEndpoint.USERINFO, call -> {
            try (Response response = send(endpoint, accessToken, key)) {
                call.status(response.getStatus());
                if (first && key != null && response.getStatus() == 401 && nonceAsked(response)
                        && dpop.hasNonceFor(endpoint)) {
                    return Optional.empty();
                }
                return Optional.of(read(response));
            } catch (ProcessingException e) {
                throw HttpFailures.fromProcessing("userinfo request to " + endpoint, e);
            }
        });
    }

    private Response send(String endpoint, String accessToken, DpopKey key) {
        Invocation.Builder request = client.target(endpoint).request(MediaType.APPLICATION_JSON_TYPE);
        if (key == null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
        } else {
            request.header(HttpHeaders.AUTHORIZATION, "DPoP " + accessToken)
                    .header("DPoP", dpop.proof(key, "GET", endpoint, accessToken));
        }
        Response response = request.get();
        if (dpop != null) {
            dpop.rememberNonce(endpoint, response.getHeaderString("DPoP-Nonce"));
        }
        return response;
    }

    /** RFC 9449 §9: a resource server's 401 with {@code WWW-Authenticate: DPoP error="use_dpop_nonce"}. */
    private static boolean nonceAsked(Response response) {
        for (String challenge : response.getStringHeaders().getOrDefault(HttpHeaders.WWW_AUTHENTICATE, List.of())) {
            String lower = challenge.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("dpop") && lower.contains("use_dpop_nonce")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> read(Response response) {
        MediaType type = response.getMediaType();
        if (response.getStatus() != 200 || type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "userinfo answered HTTP " + response.getStatus()
                    + (type == null ? "" : " " + type.getType() + "/" + type.getSubtype())
                    + " (only plain JSON userinfo is supported)", "OpenID Connect Core 1.0 §5.3.2");
        }
        String body = response.readEntity(String.class);
        try {
            return JsonUtil.parseJson(body);
        } catch (JoseException | RuntimeException e) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "userinfo answer is not a JSON object", "");
        }
    }
}
