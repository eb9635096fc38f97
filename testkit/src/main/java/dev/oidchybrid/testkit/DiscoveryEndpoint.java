package dev.oidchybrid.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/openid-configuration}: the provider metadata (OpenID Connect Discovery 1.0, 3 and 4;
 * RFC 8414; RFC 9207 for {@code authorization_response_iss_parameter_supported}; RP-Initiated Logout 1.0 for
 * {@code end_session_endpoint}; Back-Channel Logout 1.0, 2.1 for {@code backchannel_logout_supported} and
 * {@code backchannel_logout_session_supported}; RFC 9126, 5 for the PAR members; RFC 8414, 2 for {@code token_endpoint_auth_signing_alg_values_supported}; RFC 9101, 10.5 for the request object
 * members; Discovery 1.0, 3 for the {@code id_token_encryption_*_values_supported} of {@link IdTokenEncryption}).
 *
 * <p>Faults: {@link ProviderFaults#discoveryUnavailable} answers 503; {@link ProviderFaults#discoveryIssuerOverride}
 * advertises another issuer.
 */
final class DiscoveryEndpoint implements Endpoint {

    private static final List<String> STANDARD_CLAIMS = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "acr",
            "nonce", "azp", "sid", "at_hash", "c_hash", "name", "family_name", "given_name", "middle_name",
            "nickname", "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo",
            "locale", "updated_at", "email", "email_verified", "address", "phone_number", "phone_number_verified");

    private final String issuer;
    private final String algorithm;
    private final UserDirectory users;
    private final ProviderCounters counters;
    private final ProviderFaults faults;
    private final boolean parRequired;
    private final boolean signedRequestObjectRequired;
    private final List<String> scopesSupported;

    DiscoveryEndpoint(String issuer, String algorithm, UserDirectory users, ProviderCounters counters,
            ProviderFaults faults, boolean parRequired, boolean signedRequestObjectRequired,
            List<String> scopesSupported) {
        this.scopesSupported = List.copyOf(scopesSupported);
        this.signedRequestObjectRequired = signedRequestObjectRequired;
        this.parRequired = parRequired;
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.users = users;
        this.counters = counters;
        this.faults = faults;
    }

    @Override
    public Response handle(Request request) {
        counters.countDiscovery();
        if (!request.isGet()) {
            return Response.json(405, Map.of("error", "invalid_request")).withHeader("Allow", "GET");
        }
        if (faults.discoveryUnavailable()) {
            return Response.json(503, Map.of("error", "temporarily_unavailable")).withHeader("Retry-After", "1");
        }
        String override = faults.discoveryIssuerOverride();
        Map<String, Object> doc = metadata(override != null ? override : issuer);
        java.util.function.Consumer<Map<String, Object>> customizer = faults.discoveryCustomizer();
        if (customizer != null) {
            customizer.accept(doc);
        }
        return Response.json(200, doc);
    }

    private Map<String, Object> metadata(String advertisedIssuer) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", advertisedIssuer);
        doc.put("authorization_endpoint", issuer + "/authorize");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("userinfo_endpoint", issuer + "/userinfo");
        doc.put("jwks_uri", issuer + "/jwks");
        doc.put("end_session_endpoint", issuer + "/end_session");
        doc.put("pushed_authorization_request_endpoint", issuer + "/par");
        doc.put("require_pushed_authorization_requests", parRequired);
        doc.put("response_types_supported", Arrays.stream(ResponseType.values()).map(ResponseType::value).toList());
        doc.put("response_modes_supported", Arrays.stream(ResponseMode.values()).map(ResponseMode::value).toList());
        doc.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of(algorithm));
        doc.put("id_token_encryption_alg_values_supported", IdTokenEncryption.ALGORITHMS);
        doc.put("id_token_encryption_enc_values_supported", IdTokenEncryption.ENCRYPTIONS);
        doc.put("token_endpoint_auth_methods_supported", ClientRegistration.ALL_AUTH_METHODS);
        List<String> assertionAlgorithms = new ArrayList<>(ClientAssertionVerifier.ASYMMETRIC_ALGORITHMS);
        assertionAlgorithms.add(ClientAssertionVerifier.HMAC_ALGORITHM);
        doc.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        doc.put("code_challenge_methods_supported", List.of(Pkce.S256));
        doc.put("dpop_signing_alg_values_supported", DpopProofVerifier.ALGORITHMS);
        doc.put("scopes_supported", scopesSupported);
        doc.put("claims_supported", claimsSupported());
        doc.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        doc.put("request_parameter_supported", true);
        doc.put("request_object_signing_alg_values_supported", RequestObjectVerifier.ALGORITHMS);
        doc.put("require_signed_request_object", signedRequestObjectRequired);
        doc.put("request_uri_parameter_supported", false);
        doc.put("authorization_response_iss_parameter_supported", true);
        doc.put("backchannel_logout_supported", true);
        doc.put("backchannel_logout_session_supported", true);
        return doc;
    }

    private List<String> claimsSupported() {
        List<String> claims = new ArrayList<>(STANDARD_CLAIMS);
        users.all().forEach(u -> u.claims().keySet().stream().filter(c -> !claims.contains(c)).forEach(claims::add));
        return claims;
    }
}
