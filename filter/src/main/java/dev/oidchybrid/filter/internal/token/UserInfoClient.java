package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.http.ProviderHttp;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.internal.OidcException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fetches the UserInfo claims (OpenID Connect Core 1.0 §5.3) with an access token, and merges them under the
 * ID token's claims: the UserInfo {@code sub} must equal the ID token's (§5.3.2), and where both name a claim,
 * the ID token's value wins, since only it is signed and checked.
 */
public final class UserInfoClient {

    private final Client client;

    public UserInfoClient(ProviderHttp http) {
        this.client = http.client();
    }

    /** The claims of the ID token, completed by the UserInfo answer for {@code accessToken}. */
    public Map<String, Object> merged(String endpoint, String accessToken, Map<String, Object> idTokenClaims) {
        Map<String, Object> userinfo = fetch(endpoint, accessToken);
        if (!idTokenClaims.get("sub").equals(userinfo.get("sub"))) {
            throw new OidcException(ErrorCode.INVALID_RESPONSE, "userinfo sub differs from the ID token's",
                    "OpenID Connect Core 1.0 §5.3.2");
        }
        Map<String, Object> merged = new LinkedHashMap<>(userinfo);
        merged.putAll(idTokenClaims);
        return merged;
    }

    private Map<String, Object> fetch(String endpoint, String accessToken) {
        try (Response response = client.target(endpoint).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).get()) {
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
        } catch (ProcessingException e) {
            throw HttpFailures.fromProcessing("userinfo request to " + endpoint, e);
        }
    }
}
