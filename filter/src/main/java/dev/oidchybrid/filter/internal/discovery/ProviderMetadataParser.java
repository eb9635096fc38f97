package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and checks a discovery document, with no I/O. The returned {@code issuer} must equal the configured
 * issuer exactly (OpenID Connect Discovery 1.0 §4.3): otherwise an attacker-controlled document could make
 * the filter trust another issuer's tokens.
 */
public final class ProviderMetadataParser {

    /** Looked up once: {@code Json.create*} would search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String SPEC = "OpenID Connect Discovery 1.0 §3, §4.3";

    private ProviderMetadataParser() {
    }

    public static ProviderMetadata parse(String json, String expectedIssuer) {
        JsonObject doc = readObject(json);
        String issuer = string(doc, "issuer");
        if (issuer == null) {
            throw invalid("discovery document has no issuer");
        }
        if (!issuer.equals(expectedIssuer)) {
            throw invalid("discovery document issuer '" + issuer + "' differs from the configured issuer '"
                    + expectedIssuer + "': the issuer setting must match the provider exactly (trailing slash included)");
        }
        boolean httpsOnly = expectedIssuer.startsWith("https:");
        String authorization = endpoint(doc, "authorization_endpoint", true, httpsOnly);
        String token = endpoint(doc, "token_endpoint", true, httpsOnly);
        String jwks = endpoint(doc, "jwks_uri", true, httpsOnly);
        String userinfo = endpoint(doc, "userinfo_endpoint", false, httpsOnly);
        String endSession = endpoint(doc, "end_session_endpoint", false, httpsOnly);
        String par = endpoint(doc, "pushed_authorization_request_endpoint", false, httpsOnly);
        JsonValue issParam = doc.get("authorization_response_iss_parameter_supported");
        return new ProviderMetadata(issuer, authorization, token, jwks, userinfo, endSession,
                strings(doc, "response_types_supported", List.of()),
                strings(doc, "response_modes_supported", List.of("query", "fragment")),
                strings(doc, "code_challenge_methods_supported", List.of()),
                strings(doc, "id_token_signing_alg_values_supported", List.of()),
                strings(doc, "token_endpoint_auth_methods_supported", List.of("client_secret_basic")),
                strings(doc, "token_endpoint_auth_signing_alg_values_supported", List.of()),
                issParam == JsonValue.TRUE,
                strings(doc, "scopes_supported", List.of()),
                strings(doc, "grant_types_supported", List.of("authorization_code", "implicit")),
                strings(doc, "claims_supported", List.of()),
                doc.get("backchannel_logout_supported") == JsonValue.TRUE,
                doc.keySet(),
                par,
                doc.get("require_pushed_authorization_requests") == JsonValue.TRUE,
                doc.get("request_parameter_supported") == JsonValue.TRUE,
                strings(doc, "request_object_signing_alg_values_supported", List.of()),
                strings(doc, "id_token_encryption_alg_values_supported", List.of()),
                strings(doc, "id_token_encryption_enc_values_supported", List.of()));
    }

    private static JsonObject readObject(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid("discovery document is not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw invalid("discovery document is not valid JSON");
        }
    }

    private static String string(JsonObject doc, String name) {
        JsonValue value = doc.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw invalid("discovery document member '" + name + "' is not a string");
        }
        return ((JsonString) value).getString();
    }

    private static String endpoint(JsonObject doc, String name, boolean required, boolean httpsOnly) {
        String value = string(doc, name);
        if (value == null) {
            if (required) {
                throw invalid("discovery document has no " + name);
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            boolean schemeOk = "https".equals(scheme) || !httpsOnly && "http".equals(scheme);
            if (!uri.isAbsolute() || !schemeOk || uri.getHost() == null || uri.getRawFragment() != null) {
                throw invalid("discovery document " + name + " is not an absolute "
                        + (httpsOnly ? "https" : "http(s)") + " URL without fragment");
            }
            return value;
        } catch (URISyntaxException e) {
            throw invalid("discovery document " + name + " is not a valid URL");
        }
    }

    private static List<String> strings(JsonObject doc, String name, List<String> absentDefault) {
        JsonValue value = doc.get(name);
        if (value == null || value == JsonValue.NULL) {
            return absentDefault;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalid("discovery document member '" + name + "' is not an array");
        }
        List<String> result = new ArrayList<>();
        for (JsonValue item : (JsonArray) value) {
            if (item.getValueType() == JsonValue.ValueType.STRING) {
                result.add(((JsonString) item).getString());
            }
        }
        return result;
    }

    private static OidcException invalid(String description) {
        return new OidcException(ErrorCode.OP_UNAVAILABLE, description, SPEC);
    }
}
