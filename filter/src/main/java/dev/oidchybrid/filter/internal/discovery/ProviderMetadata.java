package dev.oidchybrid.filter.internal.discovery;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of an OpenID Provider's discovery document the filter uses (OpenID Connect Discovery 1.0 §3).
 * Optional endpoints are {@code null} when the provider does not advertise them; absent lists hold the
 * specification's default, and {@code advertised} names the members the document really has (for the
 * start-up self-check, which must tell "not advertised" from "advertised without it").
 * {@code pushedAuthorizationRequestEndpoint} and {@code requirePushedAuthorizationRequests} are RFC 9126 §5.
 * {@code tokenEndpointAuthSigningAlgValuesSupported} is empty when not advertised (there is no default), and
 * so are {@code idTokenEncryptionAlgValuesSupported} / {@code idTokenEncryptionEncValuesSupported} (Discovery §3).
 * {@code requestParameterSupported} and {@code requestObjectSigningAlgValuesSupported} are Discovery §3's request
 * object members (RFC 9101 §10.5): false and empty when not advertised ({@link #advertises} tells).
 */
public record ProviderMetadata(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String jwksUri,
        String userinfoEndpoint,
        String endSessionEndpoint,
        List<String> responseTypesSupported,
        List<String> responseModesSupported,
        List<String> codeChallengeMethodsSupported,
        List<String> idTokenSigningAlgValuesSupported,
        List<String> tokenEndpointAuthMethodsSupported,
        List<String> tokenEndpointAuthSigningAlgValuesSupported,
        boolean authorizationResponseIssParameterSupported,
        List<String> scopesSupported,
        List<String> grantTypesSupported,
        List<String> claimsSupported,
        boolean backchannelLogoutSupported,
        Set<String> advertised,
        String pushedAuthorizationRequestEndpoint,
        boolean requirePushedAuthorizationRequests,
        boolean requestParameterSupported,
        List<String> requestObjectSigningAlgValuesSupported,
        List<String> idTokenEncryptionAlgValuesSupported,
        List<String> idTokenEncryptionEncValuesSupported) {

    /** Metadata with the request object members, without ID token encryption. */
    public ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                            String userinfoEndpoint, String endSessionEndpoint, List<String> responseTypesSupported,
                            List<String> responseModesSupported, List<String> codeChallengeMethodsSupported,
                            List<String> idTokenSigningAlgValuesSupported,
                            List<String> tokenEndpointAuthMethodsSupported,
                            List<String> tokenEndpointAuthSigningAlgValuesSupported,
                            boolean authorizationResponseIssParameterSupported, List<String> scopesSupported,
                            List<String> grantTypesSupported, List<String> claimsSupported,
                            boolean backchannelLogoutSupported, Set<String> advertised,
                            String pushedAuthorizationRequestEndpoint, boolean requirePushedAuthorizationRequests,
                            boolean requestParameterSupported, List<String> requestObjectSigningAlgValuesSupported) {
        this(issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint, endSessionEndpoint,
                responseTypesSupported, responseModesSupported, codeChallengeMethodsSupported,
                idTokenSigningAlgValuesSupported, tokenEndpointAuthMethodsSupported,
                tokenEndpointAuthSigningAlgValuesSupported, authorizationResponseIssParameterSupported,
                scopesSupported, grantTypesSupported, claimsSupported, backchannelLogoutSupported, advertised,
                pushedAuthorizationRequestEndpoint, requirePushedAuthorizationRequests, requestParameterSupported,
                requestObjectSigningAlgValuesSupported, List.of(), List.of());
    }

    /** Metadata with ID token encryption, without the request object members. */
    public ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                            String userinfoEndpoint, String endSessionEndpoint, List<String> responseTypesSupported,
                            List<String> responseModesSupported, List<String> codeChallengeMethodsSupported,
                            List<String> idTokenSigningAlgValuesSupported,
                            List<String> tokenEndpointAuthMethodsSupported,
                            List<String> tokenEndpointAuthSigningAlgValuesSupported,
                            boolean authorizationResponseIssParameterSupported, List<String> scopesSupported,
                            List<String> grantTypesSupported, List<String> claimsSupported,
                            boolean backchannelLogoutSupported, Set<String> advertised,
                            String pushedAuthorizationRequestEndpoint, boolean requirePushedAuthorizationRequests,
                            List<String> idTokenEncryptionAlgValuesSupported,
                            List<String> idTokenEncryptionEncValuesSupported) {
        this(issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint, endSessionEndpoint,
                responseTypesSupported, responseModesSupported, codeChallengeMethodsSupported,
                idTokenSigningAlgValuesSupported, tokenEndpointAuthMethodsSupported,
                tokenEndpointAuthSigningAlgValuesSupported, authorizationResponseIssParameterSupported,
                scopesSupported, grantTypesSupported, claimsSupported, backchannelLogoutSupported, advertised,
                pushedAuthorizationRequestEndpoint, requirePushedAuthorizationRequests, false, List.of(),
                idTokenEncryptionAlgValuesSupported, idTokenEncryptionEncValuesSupported);
    }

    /** Metadata without the request object members or ID token encryption. */
    public ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                            String userinfoEndpoint, String endSessionEndpoint, List<String> responseTypesSupported,
                            List<String> responseModesSupported, List<String> codeChallengeMethodsSupported,
                            List<String> idTokenSigningAlgValuesSupported,
                            List<String> tokenEndpointAuthMethodsSupported,
                            List<String> tokenEndpointAuthSigningAlgValuesSupported,
                            boolean authorizationResponseIssParameterSupported, List<String> scopesSupported,
                            List<String> grantTypesSupported, List<String> claimsSupported,
                            boolean backchannelLogoutSupported, Set<String> advertised,
                            String pushedAuthorizationRequestEndpoint, boolean requirePushedAuthorizationRequests) {
        this(issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint, endSessionEndpoint,
                responseTypesSupported, responseModesSupported, codeChallengeMethodsSupported,
                idTokenSigningAlgValuesSupported, tokenEndpointAuthMethodsSupported,
                tokenEndpointAuthSigningAlgValuesSupported, authorizationResponseIssParameterSupported,
                scopesSupported, grantTypesSupported, claimsSupported, backchannelLogoutSupported, advertised,
                pushedAuthorizationRequestEndpoint, requirePushedAuthorizationRequests, false, List.of(), List.of(),
                List.of());
    }

    /** Metadata of a provider without pushed authorization requests or assertion algorithms. */
    public ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                            String userinfoEndpoint, String endSessionEndpoint, List<String> responseTypesSupported,
                            List<String> responseModesSupported, List<String> codeChallengeMethodsSupported,
                            List<String> idTokenSigningAlgValuesSupported,
                            List<String> tokenEndpointAuthMethodsSupported,
                            boolean authorizationResponseIssParameterSupported, List<String> scopesSupported,
                            List<String> grantTypesSupported, List<String> claimsSupported,
                            boolean backchannelLogoutSupported, Set<String> advertised) {
        this(issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint, endSessionEndpoint,
                responseTypesSupported, responseModesSupported, codeChallengeMethodsSupported,
                idTokenSigningAlgValuesSupported, tokenEndpointAuthMethodsSupported, List.of(),
                authorizationResponseIssParameterSupported, scopesSupported, grantTypesSupported, claimsSupported,
                backchannelLogoutSupported, advertised, null, false);
    }

    /** Metadata with only the members the login needs (the others absent). */
    public ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                            String userinfoEndpoint, String endSessionEndpoint, List<String> responseTypesSupported,
                            List<String> responseModesSupported, List<String> codeChallengeMethodsSupported,
                            List<String> idTokenSigningAlgValuesSupported,
                            List<String> tokenEndpointAuthMethodsSupported,
                            boolean authorizationResponseIssParameterSupported) {
        this(issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint, endSessionEndpoint,
                responseTypesSupported, responseModesSupported, codeChallengeMethodsSupported,
                idTokenSigningAlgValuesSupported, tokenEndpointAuthMethodsSupported, List.of(),
                authorizationResponseIssParameterSupported, List.of(), List.of("authorization_code", "implicit"),
                List.of(), false, Set.of(), null, false);
    }

    public ProviderMetadata {
        scopesSupported = List.copyOf(scopesSupported);
        grantTypesSupported = List.copyOf(grantTypesSupported);
        claimsSupported = List.copyOf(claimsSupported);
        advertised = Set.copyOf(advertised);
        responseTypesSupported = List.copyOf(responseTypesSupported);
        responseModesSupported = List.copyOf(responseModesSupported);
        codeChallengeMethodsSupported = List.copyOf(codeChallengeMethodsSupported);
        idTokenSigningAlgValuesSupported = List.copyOf(idTokenSigningAlgValuesSupported);
        tokenEndpointAuthMethodsSupported = List.copyOf(tokenEndpointAuthMethodsSupported);
        tokenEndpointAuthSigningAlgValuesSupported = List.copyOf(tokenEndpointAuthSigningAlgValuesSupported);
        idTokenEncryptionAlgValuesSupported = List.copyOf(idTokenEncryptionAlgValuesSupported);
        idTokenEncryptionEncValuesSupported = List.copyOf(idTokenEncryptionEncValuesSupported);
        requestObjectSigningAlgValuesSupported = List.copyOf(requestObjectSigningAlgValuesSupported);
    }

    /**
     * Whether the provider said {@code request_parameter_supported: false} in so many words (Discovery §3 makes
     * false the default of an absent member too, but many providers that take request objects leave it out).
     */
    public boolean refusesRequestParameter() {
        return advertises("request_parameter_supported") && !requestParameterSupported;
    }

    /** Whether the discovery document has the member {@code name} at all. */
    public boolean advertises(String name) {
        return advertised.contains(name);
    }

    public Optional<String> endSession() {
        return Optional.ofNullable(endSessionEndpoint);
    }

    /** The RFC 9126 pushed authorization request endpoint, when the provider advertises one. */
    public Optional<String> pushedAuthorizationRequests() {
        return Optional.ofNullable(pushedAuthorizationRequestEndpoint);
    }

    public Optional<String> userinfo() {
        return Optional.ofNullable(userinfoEndpoint);
    }
}
