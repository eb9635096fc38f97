package dev.oidchybrid.filter.internal.discovery;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderMetadataParserTest {

    private static final String ISSUER = "https://op.example.com/";
    private static final String DOC = """
            {"issuer":"https://op.example.com/","authorization_endpoint":"https://op.example.com/authorize",
             "token_endpoint":"https://op.example.com/oauth/token","jwks_uri":"https://op.example.com/.well-known/jwks.json",
             "end_session_endpoint":"https://op.example.com/oidc/logout",
             "response_types_supported":["code","code id_token"],"code_challenge_methods_supported":["S256","plain"],
             "id_token_signing_alg_values_supported":["RS256"],"authorization_response_iss_parameter_supported":true}
            """;

    private static String failure(String json, String issuer) {
        OidcException e = assertThrows(OidcException.class, () -> ProviderMetadataParser.parse(json, issuer));
        assertEquals(ErrorCode.OP_UNAVAILABLE, e.code());
        return e.description();
    }

    @Test
    void parseWhenDocumentValidThenMetadata() {
        ProviderMetadata m = ProviderMetadataParser.parse(DOC, ISSUER);
        assertEquals("https://op.example.com/oauth/token", m.tokenEndpoint());
        assertEquals("https://op.example.com/oidc/logout", m.endSessionEndpoint());
        assertEquals(List.of("S256", "plain"), m.codeChallengeMethodsSupported());
        assertTrue(m.authorizationResponseIssParameterSupported());
        assertEquals(List.of("query", "fragment"), m.responseModesSupported(), "the discovery default");
    }

    @Test
    void parseWhenRequestObjectMembersAbsentThenNotSupportedButNotRefusedInSoManyWords() {
        ProviderMetadata m = ProviderMetadataParser.parse(DOC, ISSUER);
        assertFalse(m.requestParameterSupported());
        assertFalse(m.refusesRequestParameter());
        assertEquals(List.of(), m.requestObjectSigningAlgValuesSupported());
    }

    @Test
    void parseWhenRequestObjectMembersGivenThenRead() {
        ProviderMetadata m = ProviderMetadataParser.parse(DOC.replace("\"authorization_response_iss",
                "\"request_parameter_supported\":true,\"request_object_signing_alg_values_supported\":[\"none\","
                        + "\"PS256\"],\"authorization_response_iss"), ISSUER);
        assertTrue(m.requestParameterSupported());
        assertFalse(m.refusesRequestParameter());
        assertEquals(List.of("none", "PS256"), m.requestObjectSigningAlgValuesSupported());
        assertTrue(ProviderMetadataParser.parse(DOC.replace("\"authorization_response_iss",
                "\"request_parameter_supported\":false,\"authorization_response_iss"), ISSUER).refusesRequestParameter());
    }

    @Test
    void parseWhenTokenEndpointAuthSigningAlgorithmsListedThenKeptElseEmpty() {
        assertEquals(List.of(), ProviderMetadataParser.parse(DOC, ISSUER).tokenEndpointAuthSigningAlgValuesSupported());
        ProviderMetadata m = ProviderMetadataParser.parse(DOC.replace("\"authorization_response_iss",
                "\"token_endpoint_auth_signing_alg_values_supported\":[\"PS256\",\"ES256\"],\"authorization_response_iss"),
                ISSUER);
        assertEquals(List.of("PS256", "ES256"), m.tokenEndpointAuthSigningAlgValuesSupported());
    }

    @Test
    void parseWhenIssuerDiffersThenRejected() {
        assertTrue(failure(DOC, "https://op.example.com").contains("differs from the configured issuer"));
        assertTrue(failure(DOC.replace("\"issuer\":\"https://op.example.com/\"", "\"issuer\":\"https://evil.example/\""),
                ISSUER).contains("differs"));
    }

    @Test
    void parseWhenRequiredEndpointMissingThenRejected() {
        assertTrue(failure(DOC.replace("\"jwks_uri\"", "\"x_jwks_uri\""), ISSUER).contains("jwks_uri"));
        assertTrue(failure(DOC.replace("\"token_endpoint\"", "\"x\""), ISSUER).contains("token_endpoint"));
    }

    @Test
    void parseWhenEndpointIsPlainHttpForAnHttpsIssuerThenRejected() {
        assertTrue(failure(DOC.replace("https://op.example.com/oauth/token", "http://op.example.com/oauth/token"),
                ISSUER).contains("token_endpoint"));
    }

    @Test
    void parseWhenNotJsonOrNotObjectThenRejected() {
        failure("<html>", ISSUER);
        failure("[1,2]", ISSUER);
        failure("{\"issuer\":42}", ISSUER);
    }

    @Test
    void parseWhenIssParameterNotAdvertisedThenFalse() {
        assertFalse(ProviderMetadataParser.parse(DOC.replace(",\"authorization_response_iss_parameter_supported\":true",
                ""), ISSUER).authorizationResponseIssParameterSupported());
    }

    @Test
    void parseWhenPushedAuthorizationAdvertisedThenEndpointAndRequirement() {
        ProviderMetadata m = ProviderMetadataParser.parse(DOC.replace("\"jwks_uri\"",
                "\"pushed_authorization_request_endpoint\":\"https://op.example.com/par\","
                + "\"require_pushed_authorization_requests\":true,\"jwks_uri\""), ISSUER);
        assertEquals(java.util.Optional.of("https://op.example.com/par"), m.pushedAuthorizationRequests());
        assertTrue(m.requirePushedAuthorizationRequests());
    }

    @Test
    void parseWhenPushedAuthorizationNotAdvertisedThenNoEndpointAndNotRequired() {
        ProviderMetadata m = ProviderMetadataParser.parse(DOC, ISSUER);
        assertEquals(java.util.Optional.empty(), m.pushedAuthorizationRequests());
        assertFalse(m.requirePushedAuthorizationRequests());
    }

    @Test
    void parseWhenRequirePushedAuthorizationRequestsNotTrueThenNotRequired() {
        assertFalse(ProviderMetadataParser.parse(DOC.replace("\"jwks_uri\"",
                "\"require_pushed_authorization_requests\":\"true\",\"jwks_uri\""), ISSUER)
                .requirePushedAuthorizationRequests());
    }

    @Test
    void parseWhenPushedAuthorizationEndpointIsPlainHttpForAnHttpsIssuerThenRejected() {
        assertTrue(failure(DOC.replace("\"jwks_uri\"",
                "\"pushed_authorization_request_endpoint\":\"http://op.example.com/par\",\"jwks_uri\""), ISSUER)
                .contains("pushed_authorization_request_endpoint"));
    }
}
