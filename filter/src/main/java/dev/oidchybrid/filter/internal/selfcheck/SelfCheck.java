package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.ClientAuth;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.ParMode;
import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the configuration with what the provider advertises in its discovery document (OpenID Connect
 * Discovery 1.0 §3, RFC 8414 §2) and says, for each mismatch, what to change: the response type, the
 * {@code form_post} response mode, PKCE S256, pushed authorization requests, the client authentication method, the ID token algorithms, the
 * scopes, refresh and UserInfo, RP-initiated and back-channel logout, and the claims the principal and roles
 * come from. Pure: the caller fetches the metadata ({@code DiscoveryClient}) and logs or prints the findings.
 * A provider may support more than it advertises, so a feature that is merely not advertised is a warning; one
 * that is advertised without what the filter needs is an error.
 */
public final class SelfCheck {

    private SelfCheck() {
    }

    public static List<Finding> check(OidcConfig config, ProviderMetadata provider) {
        return check(config, provider, Optional.empty());
    }

    /** @param keys the client's loaded signing keys, when it has any: their algorithms are checked too */
    public static List<Finding> check(OidcConfig config, ProviderMetadata provider, Optional<ClientKeys> keys) {
        return check(config, provider, keys, Optional.empty());
    }

    /** @param decryption the ID token decryption keys, when configured: the provider must encrypt to them */
    public static List<Finding> check(OidcConfig config, ProviderMetadata provider, Optional<ClientKeys> keys,
                                      Optional<DecryptionKeys> decryption) {
        List<Finding> findings = new ArrayList<>();
        if (config.bearer().enabled()) {
            algorithms(config, provider, findings);
            return findings;
        }
        responseType(config, provider, findings);
        responseMode(provider, findings);
        pkce(provider, findings);
        par(config, provider, findings);
        clientAuth(config, provider, findings);
        assertionAlgorithm(config, provider, keys, findings);
        algorithms(config, provider, findings);
        EncryptionCheck.check(decryption, provider, findings);
        ProfileCheck.check(config, provider, findings);
        RequestObjectCheck.check(config, provider, keys, findings);
        scopes(config, provider, findings);
        userinfo(config, provider, findings);
        logout(config, provider, findings);
        claims(config, provider, findings);
        return findings;
    }

    private static void responseType(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        Set<String> wanted = tokens(config.client().responseType().value());
        boolean supported = provider.responseTypesSupported().stream().anyMatch(t -> tokens(t).equals(wanted));
        if (!supported) {
            findings.add(new Finding(Severity.ERROR, "response-type", "'" + config.client().responseType().value()
                    + "' is not in the provider's response_types_supported " + provider.responseTypesSupported()
                    + ": set response-type to one the provider supports (e.g. 'code'), or enable the hybrid flow "
                    + "for this client at the provider"));
        }
    }

    private static void responseMode(ProviderMetadata provider, List<Finding> findings) {
        if (provider.responseModesSupported().contains("form_post")) {
            return;
        }
        if (provider.advertises("response_modes_supported")) {
            findings.add(new Finding(Severity.ERROR, "response_mode", "the provider's response_modes_supported "
                    + provider.responseModesSupported() + " has no form_post, which this filter always uses "
                    + "(tokens never travel in URLs): enable form_post at the provider"));
        } else {
            findings.add(new Finding(Severity.WARNING, "response_mode", "the provider does not advertise "
                    + "response_modes_supported (the default is query and fragment); this filter always uses "
                    + "form_post: check that the provider supports it"));
        }
    }

    private static void pkce(ProviderMetadata provider, List<Finding> findings) {
        if (provider.codeChallengeMethodsSupported().contains("S256")) {
            return;
        }
        if (provider.advertises("code_challenge_methods_supported")) {
            findings.add(new Finding(Severity.ERROR, "pkce", "the provider's code_challenge_methods_supported "
                    + provider.codeChallengeMethodsSupported() + " has no S256, which this filter always sends "
                    + "(RFC 7636): enable PKCE S256 at the provider"));
        } else {
            findings.add(new Finding(Severity.WARNING, "pkce", "the provider does not advertise "
                    + "code_challenge_methods_supported: the filter sends PKCE S256 anyway; a provider that ignores "
                    + "it loses PKCE's protection of the code (RFC 9700 §2.1.1)"));
        }
    }

    /** RFC 9126 §5: {@code par=true} needs the provider's endpoint; a provider that requires PAR refuses {@code par=false}. */
    private static void par(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        ParMode mode = config.client().par();
        boolean required = provider.requirePushedAuthorizationRequests();
        if (provider.pushedAuthorizationRequests().isEmpty() && (mode == ParMode.TRUE || mode == ParMode.AUTO && required)) {
            findings.add(new Finding(Severity.ERROR, "par", (mode == ParMode.TRUE ? "par=true" : "the provider "
                    + "requires pushed authorization requests") + " but the provider advertises no "
                    + "pushed_authorization_request_endpoint, so every login will fail: "
                    + (mode == ParMode.TRUE ? "set par=auto, or enable pushed authorization requests at the provider"
                    : "fix the provider's discovery document")));
        } else if (mode == ParMode.FALSE && required) {
            findings.add(new Finding(Severity.ERROR, "par", "par=false but the provider requires pushed authorization "
                    + "requests (require_pushed_authorization_requests), so it will refuse every login: set par=auto"));
        }
    }

    private static void clientAuth(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        ClientAuth auth = config.client().clientAuth();
        List<String> methods = provider.tokenEndpointAuthMethodsSupported();
        if (methods.contains(auth.value())) {
            return;
        }
        if (auth == ClientAuth.NONE) {
            findings.add(new Finding(Severity.WARNING, "client-secret", "no client-secret is set, so the filter "
                    + "is a public client (token_endpoint_auth_method none), which the provider's "
                    + "token_endpoint_auth_methods_supported " + methods + " does not list: set client-secret if "
                    + "the client is confidential at the provider"));
            return;
        }
        String alternative = methods.stream().filter(m -> !m.equals(ClientAuth.NONE.value())
                && ClientAuth.parse(m).isPresent()).findFirst().orElse(null);
        findings.add(new Finding(Severity.ERROR, "client-auth", "'" + auth.value() + "' is not in the provider's "
                + "token_endpoint_auth_methods_supported " + methods + (alternative != null
                ? ": set client-auth to " + alternative
                : ": the provider offers no method this filter supports (client_secret_basic, client_secret_post, "
                + "client_secret_jwt, private_key_jwt)")));
    }

    /**
     * A client assertion must be signed with an algorithm in token_endpoint_auth_signing_alg_values_supported
     * (RFC 8414 §2): an error when the provider lists algorithms but none the key signs with.
     */
    private static void assertionAlgorithm(OidcConfig config, ProviderMetadata provider, Optional<ClientKeys> keys,
                                           List<Finding> findings) {
        ClientAuth auth = config.client().clientAuth();
        List<String> listed = provider.tokenEndpointAuthSigningAlgValuesSupported();
        Optional<String> algorithm;
        String subject;
        if (auth == ClientAuth.PRIVATE_KEY_JWT && keys.isPresent()) {
            ClientKey key = keys.get().signing();
            algorithm = key.signingAlgorithm(listed);
            subject = "client-key";
            if (algorithm.isEmpty()) {
                findings.add(new Finding(Severity.ERROR, subject, "the provider's "
                        + "token_endpoint_auth_signing_alg_values_supported " + listed + " lists no algorithm for the "
                        + "client's " + key.type() + " key (" + String.join(", ", key.algorithms()) + "): token "
                        + "requests will fail; configure a key of a type the provider lists"));
                return;
            }
        } else if (auth == ClientAuth.CLIENT_SECRET_JWT) {
            algorithm = listed.isEmpty() || listed.contains("HS256") ? Optional.of("HS256") : Optional.empty();
            subject = "client-auth";
            if (algorithm.isEmpty()) {
                findings.add(new Finding(Severity.ERROR, subject, "client_secret_jwt signs with HS256, which the "
                        + "provider's token_endpoint_auth_signing_alg_values_supported " + listed + " does not list: "
                        + "set client-auth to a method the provider supports"));
                return;
            }
        } else {
            return;
        }
        if (listed.isEmpty()) {
            findings.add(new Finding(Severity.WARNING, subject, "the provider does not advertise "
                    + "token_endpoint_auth_signing_alg_values_supported: client assertions are signed with "
                    + algorithm.get() + "; check that the provider accepts it"));
        }
    }

    private static void algorithms(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        List<String> offered = provider.idTokenSigningAlgValuesSupported();
        Set<String> usable = new TreeSet<>(offered);
        usable.retainAll(config.provider().idTokenAlgorithms());
        if (usable.isEmpty()) {
            findings.add(new Finding(Severity.ERROR, "id-token-algorithms", "none of " + new TreeSet<>(
                    config.provider().idTokenAlgorithms()) + " is in the provider's id_token_signing_alg_values_supported "
                    + offered + (offered.stream().anyMatch(a -> a.startsWith("RS") || a.startsWith("PS")
                    || a.startsWith("ES") || a.equals("EdDSA"))
                    ? ": add the provider's algorithm to id-token-algorithms"
                    : ": the provider signs only with algorithms this filter refuses (none, HMAC); configure an "
                    + "asymmetric signing key (e.g. RS256) at the provider")));
        }
    }

    private static void scopes(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        Set<String> requested = tokens(config.client().scope());
        if (provider.advertises("scopes_supported")) {
            Set<String> unknown = new TreeSet<>(requested);
            unknown.removeAll(provider.scopesSupported());
            // providers list only some scopes (API scopes and custom ones are often unlisted): a hint, not an error
            unknown.forEach(scope -> findings.add(new Finding(Severity.INFO, "scope", "'" + scope + "' is not in "
                    + "the provider's scopes_supported: if it is not a scope of your API, the provider may refuse "
                    + "the login (invalid_scope) or ignore it")));
        }
        if (requested.contains("offline_access") && provider.advertises("grant_types_supported")
                && !provider.grantTypesSupported().contains("refresh_token")) {
            findings.add(new Finding(Severity.WARNING, "scope", "offline_access is requested but the provider's "
                    + "grant_types_supported " + provider.grantTypesSupported() + " has no refresh_token: sessions "
                    + "will end when the access token expires"));
        }
        if (!provider.grantTypesSupported().contains("authorization_code")) {
            findings.add(new Finding(Severity.ERROR, "grant_types", "the provider's grant_types_supported "
                    + provider.grantTypesSupported() + " has no authorization_code, which every response type of "
                    + "this filter needs"));
        }
    }

    private static void userinfo(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        if (config.provider().userinfo() && provider.userinfoEndpoint() == null) {
            findings.add(new Finding(Severity.ERROR, "userinfo", "userinfo=true but the provider has no "
                    + "userinfo_endpoint: set userinfo=false"));
        }
    }

    private static void logout(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        if (provider.endSessionEndpoint() == null) {
            findings.add(new Finding(Severity.WARNING, "logout-path", config.paths().logoutPath() + " ends only the local "
                    + "session: the provider has no end_session_endpoint (RP-Initiated Logout), so users stay "
                    + "signed in at the provider"));
        }
        if (!provider.backchannelLogoutSupported()) {
            findings.add(new Finding(Severity.WARNING, "backchannel-logout-path", "the provider does not "
                    + "advertise backchannel_logout_supported: sessions here will not end when the user signs out "
                    + "at the provider or in another application"));
        }
    }

    private static void claims(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        if (!provider.advertises("claims_supported")) {
            return;
        }
        List<String> known = provider.claimsSupported();
        String principal = config.provider().principalClaim();
        if (!known.contains(principal)) {
            findings.add(new Finding(Severity.INFO, "principal-claim", "'" + principal + "' is not in the "
                    + "provider's claims_supported: when the ID token lacks it, the principal name falls back to "
                    + "sub"));
        }
        config.provider().rolesClaim().filter(claim -> !known.contains(claim) && !known.contains(claim.split("\\.")[0]))
                .ifPresent(claim -> findings.add(new Finding(Severity.INFO, "roles-claim", "'" + claim + "' is "
                        + "not in the provider's claims_supported: custom claims are often unlisted, but if the ID "
                        + "token lacks it, isUserInRole() is false for every role")));
    }

    private static Set<String> tokens(String spaceSeparated) {
        return new LinkedHashSet<>(Arrays.asList(spaceSeparated.trim().split("\\s+")));
    }
}
