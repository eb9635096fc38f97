package dev.oidchybrid.filter.internal.flow;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.token.TokenResponseParser;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the pushed authorization request endpoint's answer (status and body) into a
 * {@link PushedAuthorizationResponse} or a coded failure, with no I/O (RFC 9126 §2.2-2.3): a 201 (or 200) JSON
 * object with a {@code request_uri} and a positive {@code expires_in}; an error response becomes
 * {@code par_refused} naming its error code; a 503 is {@code op_unavailable}; anything else is
 * {@code op_bad_response}.
 */
public final class PushedAuthorizationResponseParser {

    /** Looked up once: {@code Json.create*} would search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String SPEC = "RFC 9126 §2.2-2.3";
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    /** Visible ASCII only, of a length that fits in a URL: it goes into the browser's redirect. */
    private static final Pattern REQUEST_URI = Pattern.compile("[\\x21-\\x7E]{1,2048}");

    private PushedAuthorizationResponseParser() {
    }

    /**
     * @param status the HTTP status of the answer
     * @param body   its body (may be null)
     */
    public static PushedAuthorizationResponse parse(int status, String body) {
        if (status == 503) {
            throw new OidcException(ErrorCode.OP_UNAVAILABLE, "pushed authorization request endpoint answered HTTP "
                    + "503: the provider is unavailable", SPEC);
        }
        if (status >= 500) {
            throw bad("answered HTTP " + status);
        }
        JsonObject json = readObject(status, body);
        if (status != 201 && status != 200) {
            String error = string(json, "error");
            if (error == null) {
                throw bad("answered HTTP " + status + " without an error code");
            }
            String description = string(json, "error_description");
            String shown = ERROR_CODE.matcher(error).matches() ? error : "invalid_error_code";
            throw OidcException.providerError(ErrorCode.PAR_REFUSED, shown, "the provider refused the pushed "
                    + "authorization request: " + TokenResponseParser.safe(error)
                    + (description == null ? "" : " (" + TokenResponseParser.safe(description) + ")")
                    + hint(error), SPEC);
        }
        String requestUri = string(json, "request_uri");
        if (requestUri == null) {
            throw bad("answered without a request_uri");
        }
        if (!REQUEST_URI.matcher(requestUri).matches()) {
            throw bad("answered a request_uri that is empty, too long or not visible ASCII");
        }
        return new PushedAuthorizationResponse(requestUri, expiresIn(json));
    }

    private static String hint(String error) {
        return switch (error) {
            case "invalid_client", "unauthorized_client" -> ": check client-id, client-secret and client-auth, and "
                    + "that the client may use pushed authorization requests at the provider";
            case "invalid_request", "invalid_scope" -> ": check scope and the authorization parameters "
                    + "(audience, organization, prompt, acr-values, extra-auth-params)";
            case "invalid_redirect_uri" -> ": register the redirect URI (base URL + redirect-path) at the provider";
            default -> ": see the provider's log for this client";
        };
    }

    private static Optional<Long> expiresIn(JsonObject json) {
        JsonValue value = json.get("expires_in");
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number && number.isIntegral() && number.longValue() > 0) {
            return Optional.of(number.longValue());
        }
        throw bad("answered an expires_in that is not a positive whole number of seconds");
    }

    private static JsonObject readObject(int status, String body) {
        if (body == null || body.isBlank()) {
            throw bad("answered HTTP " + status + " with an empty body");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new JsonException("not an object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw bad("answered HTTP " + status + " with a body that is not a JSON object");
        }
    }

    private static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static OidcException bad(String what) {
        return new OidcException(ErrorCode.OP_BAD_RESPONSE, "pushed authorization request endpoint " + what, SPEC);
    }
}
