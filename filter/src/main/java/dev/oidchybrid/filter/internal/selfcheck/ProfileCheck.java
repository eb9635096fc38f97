package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;

import java.util.List;

/**
 * What the provider must offer for the DPoP and FAPI 2.0 settings: the issuer response parameter that
 * {@code profile=fapi2} requires on every callback, and DPoP. The PAR, client-authentication and algorithm
 * findings come from {@link SelfCheck}'s own rules, which see the profile's settings.
 */
final class ProfileCheck {

    private ProfileCheck() {
    }

    static void check(OidcConfig config, ProviderMetadata provider, List<Finding> findings) {
        boolean fapi2 = config.profile() == Profile.FAPI2;
        if (fapi2 && !provider.authorizationResponseIssParameterSupported()) {
            findings.add(new Finding(Severity.ERROR, "profile", "profile=fapi2 requires the RFC 9207 iss parameter "
                    + "on every callback, but the provider does not advertise "
                    + "authorization_response_iss_parameter_supported: every login would be refused; enable it at "
                    + "the provider"));
        }
        if (config.dpop().enabled() && !provider.advertised().contains("dpop_signing_alg_values_supported")) {
            findings.add(new Finding(fapi2 ? Severity.ERROR : Severity.WARNING, "dpop", "the provider does not "
                    + "advertise dpop_signing_alg_values_supported (RFC 9449 §5.1): it may not issue DPoP-bound "
                    + "tokens, and with dpop=" + config.dpop().mode().value() + " a Bearer answer "
                    + (config.dpop().mode().value().equals("optional") ? "is taken unbound" : "fails every login")
                    + "; enable DPoP at the provider" + (fapi2 ? " (profile=fapi2 needs it)" : "")));
        }
    }
}
