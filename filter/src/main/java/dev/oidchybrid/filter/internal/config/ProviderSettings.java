package dev.oidchybrid.filter.internal.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the filter needs to know about one OpenID Provider: who it is, which ID token signatures it accepts
 * from it and how its claims are read. One value per provider, so an application may later hold several.
 *
 * @param issuer            the issuer URL; discovery reads {@code <issuer>/.well-known/openid-configuration}
 *                          (OpenID Connect Discovery 1.0 §4) and its {@code issuer} must equal this exactly
 * @param idTokenAlgorithms the accepted signature algorithms, asymmetric only (never {@code none} or HMAC)
 * @param principalClaim    the ID token claim used as the principal name
 * @param rolesClaim        the claim holding the user's roles, or empty for none
 * @param userinfo          whether UserInfo claims are fetched after login and refresh
 */
public record ProviderSettings(String issuer, Set<String> idTokenAlgorithms, String principalClaim,
                               Optional<String> rolesClaim, boolean userinfo) {

    /** The signature algorithms an ID token may use: asymmetric ones, so no shared secret can forge a token. */
    static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA");

    public ProviderSettings {
        idTokenAlgorithms = Collections.unmodifiableSet(new LinkedHashSet<>(idTokenAlgorithms));
    }

    static ProviderSettings parse(ParamReader reader) {
        return new ProviderSettings(parseIssuer(reader), parseAlgorithms(reader),
                reader.value(InitParam.PRINCIPAL_CLAIM), reader.optional(InitParam.ROLES_CLAIM),
                reader.bool(InitParam.USERINFO));
    }

    private static String parseIssuer(ParamReader reader) {
        String issuer = reader.required(InitParam.ISSUER);
        Optional<URI> url = reader.url(InitParam.ISSUER);
        url.ifPresent(uri -> {
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                reader.problem(InitParam.ISSUER, "must not have a query or fragment (OpenID Connect Discovery 1.0 §2)");
            }
            reader.httpsUnlessLoopback(InitParam.ISSUER, uri);
        });
        return url.isPresent() ? issuer : null;
    }

    private static Set<String> parseAlgorithms(ParamReader reader) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (String alg : reader.commaList(InitParam.ID_TOKEN_ALGORITHMS)) {
            if (ASYMMETRIC_ALGORITHMS.contains(alg)) {
                algorithms.add(alg);
            } else {
                reader.problem(InitParam.ID_TOKEN_ALGORITHMS, "'" + alg + "' is not an accepted asymmetric algorithm "
                        + "(allowed: " + String.join(", ", new TreeSet<>(ASYMMETRIC_ALGORITHMS)) + ")");
            }
        }
        if (algorithms.isEmpty()) {
            reader.problem(InitParam.ID_TOKEN_ALGORITHMS, "must name at least one algorithm");
        }
        return algorithms;
    }
}
