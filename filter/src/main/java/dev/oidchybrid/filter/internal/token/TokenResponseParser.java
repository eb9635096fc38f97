package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.regex.Pattern;

/**
 * Turns a token endpoint answer (status and body) into a {@link TokenResponse} or a coded failure, with no
 * I/O: an error response (RFC 6749 §5.2) becomes {@code op_error} naming the error code; a 502, 503, 504 or 429
 * (the provider or its gateway is down or overloaded) and the error {@code temporarily_unavailable}
 * {@code op_unavailable}; another server error or an unusable body {@code op_bad_response}.
 */
public final class TokenResponseParser {

    /** Looked up once: {@code Json.create*} would search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String SPEC = "RFC 6749 §5.1-5.2";
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private TokenResponseParser() {
    }

    /**
     * @param status        HTTP status of the token endpoint's answer
     * @param body          the body (may be null)
     * @param idTokenNeeded whether an ID token must be present (authorization code grant with scope openid)
     */
    public static TokenResponse parse(int status, String body, boolean idTokenNeeded) {
        if (status == 503 || status == 502 || status == 504 || status == 429) {
            // the provider (or its gateway) says it is down or overloaded for a while: the user is told to try again
            // shortly, not that it failed, and a session whose refresh met it is kept while its token is valid
            throw new OidcException(ErrorCode.OP_UNAVAILABLE, "token endpoint answered HTTP " + status + ": the "
                    + "provider is " + (status == 429 ? "asking for fewer requests" : "unavailable"), SPEC);
        }
        if (status >= 500) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "token endpoint answered HTTP " + status, SPEC);
        }
        JsonObject json = readObject(body, status);
        if (status != 200) {
            String error = string(json, "error");
            if (error == null) {
                throw new OidcException(ErrorCode.OP_BAD_RESPONSE,
                        "token endpoint answered HTTP " + status + " without an error code", SPEC);
            }
            if (error.equals("temporarily_unavailable")) {
                // RFC 6749 §4.1.2.1's code for a provider that is overloaded or down: not a refusal of this grant
                throw new OidcException(ErrorCode.OP_UNAVAILABLE, "token endpoint answered HTTP " + status
                        + " temporarily_unavailable: the provider is unavailable", SPEC);
            }
            String description = string(json, "error_description");
            throw OidcException.providerError(ERROR_CODE.matcher(error).matches() ? error : "invalid_error_code",
                    "token endpoint refused the request: "
                    + safe(error) + (description == null ? "" : " (" + safe(description) + ")")
                    + (error.equals("invalid_client") ? ": check client-id, client-secret and client-auth" : ""), SPEC);
        }
        String accessToken = string(json, "access_token");
        String tokenType = string(json, "token_type");
        String idToken = string(json, "id_token");
        if (accessToken == null || accessToken.isEmpty() || tokenType == null) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "token response lacks access_token or token_type", SPEC);
        }
        if (tokenType.equalsIgnoreCase("Bearer")) {
            tokenType = "Bearer";
        } else if (tokenType.equalsIgnoreCase("DPoP")) {
            tokenType = "DPoP";
        } else {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE,
                    "token response has unsupported token_type '" + safe(tokenType) + "'", "RFC 6750");
        }
        if (idTokenNeeded && (idToken == null || idToken.isEmpty())) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "token response lacks id_token",
                    "OpenID Connect Core 1.0 §3.1.3.3");
        }
        return new TokenResponse(accessToken, tokenType, expiresIn(json), string(json, "refresh_token"), idToken,
                string(json, "scope"));
    }

    private static JsonObject readObject(String body, int status) {
        if (body == null || body.isBlank()) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "token endpoint answered HTTP " + status
                    + " with an empty body", SPEC);
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new JsonException("not an object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new OidcException(ErrorCode.OP_BAD_RESPONSE, "token endpoint answered HTTP " + status
                    + " with a body that is not a JSON object", SPEC);
        }
    }

    private static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static Long expiresIn(JsonObject json) {
        JsonValue value = json.get("expires_in");
        if (value instanceof JsonNumber n) {
            return n.longValue();
        }
        if (value instanceof JsonString s) {
            try {
                return Long.parseLong(s.getString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Provider-sent text goes into a log line: keep it short and free of control characters. */
    public static String safe(String text) {
        if (ERROR_CODE.matcher(text).matches()) {
            return text;
        }
        String cleaned = text.replaceAll("[\\p{Cntrl}]", " ");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) + "…" : cleaned;
    }
}
