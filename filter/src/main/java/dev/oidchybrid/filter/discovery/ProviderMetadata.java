package dev.oidchybrid.filter.discovery;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an OpenID Provider's discovery document the filter uses (OpenID Connect Discovery 1.0 §3).
 * Optional endpoints are {@code null} when the provider does not advertise them.
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
        boolean authorizationResponseIssParameterSupported) {

    public ProviderMetadata {
        responseTypesSupported = List.copyOf(responseTypesSupported);
        responseModesSupported = List.copyOf(responseModesSupported);
        codeChallengeMethodsSupported = List.copyOf(codeChallengeMethodsSupported);
        idTokenSigningAlgValuesSupported = List.copyOf(idTokenSigningAlgValuesSupported);
        tokenEndpointAuthMethodsSupported = List.copyOf(tokenEndpointAuthMethodsSupported);
    }

    public Optional<String> endSession() {
        return Optional.ofNullable(endSessionEndpoint);
    }

    public Optional<String> userinfo() {
        return Optional.ofNullable(userinfoEndpoint);
    }
}
