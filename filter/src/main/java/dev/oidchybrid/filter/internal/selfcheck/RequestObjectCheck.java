package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.config.ParMode;
import dev.oidchybrid.filter.internal.config.Profile;
import dev.oidchybrid.filter.internal.config.RequestObjectMode;
import dev.oidchybrid.filter.internal.crypto.ClientKey;
import dev.oidchybrid.filter.internal.crypto.ClientKeys;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.flow.RequestObjectBuilder;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;

import java.util.List;
import java.util.Optional;

/**
 * What the provider must offer for {@code request-object=signed} (RFC 9101 §10.5, OpenID Connect Discovery 1.0
 * §3): the {@code request} parameter at its authorization endpoint when the request is not pushed, and an
 * algorithm in {@code request_object_signing_alg_values_supported} that the client's key signs with. Logins fail
 * closed where these are missing, so each is an ERROR; a member that is merely not advertised is a WARNING.
 */
final class RequestObjectCheck {

    private static final String SUBJECT = "request-object";

    private RequestObjectCheck() {
    }

    static void check(OidcConfig config, ProviderMetadata provider, Optional<ClientKeys> keys,
                      List<Finding> findings) {
        if (config.client().requestObject() != RequestObjectMode.SIGNED) {
            return;
        }
        ParMode par = config.client().par();
        boolean pushed = par == ParMode.TRUE || par == ParMode.AUTO && provider.requirePushedAuthorizationRequests();
        if (!pushed && provider.refusesRequestParameter()) {
            findings.add(new Finding(Severity.ERROR, SUBJECT, "request-object=signed but the provider says "
                    + "request_parameter_supported: false and the request is not pushed, so every login will fail "
                    + "(no unsigned request is sent): set par=true if the provider offers pushed authorization "
                    + "requests, or enable request objects at the provider"));
        } else if (!pushed && !provider.advertises("request_parameter_supported")) {
            findings.add(new Finding(Severity.WARNING, SUBJECT, "the provider does not advertise "
                    + "request_parameter_supported (absent means false): check that its authorization endpoint "
                    + "takes signed request objects, or set par=true"));
        }
        if (keys.isEmpty()) {
            return;
        }
        ClientKey key = keys.get().signing();
        boolean fapi2 = config.profile() == Profile.FAPI2;
        List<String> listed = provider.requestObjectSigningAlgValuesSupported();
        Optional<String> algorithm = RequestObjectBuilder.algorithm(key, listed, fapi2);
        if (algorithm.isEmpty()) {
            findings.add(new Finding(Severity.ERROR, SUBJECT, "the provider's "
                    + "request_object_signing_alg_values_supported " + listed + " lists no algorithm for the client's "
                    + key.type() + " key (" + String.join(", ", key.algorithms()) + (fapi2 ? "; profile=fapi2 allows "
                    + "PS256, ES256, EdDSA" : "") + "): every login will fail; allow one at the provider or configure "
                    + "a key of a type it lists"));
        } else if (listed.isEmpty()) {
            findings.add(new Finding(Severity.WARNING, SUBJECT, "the provider does not advertise "
                    + "request_object_signing_alg_values_supported: request objects are signed with "
                    + algorithm.get() + "; check that the provider accepts it"));
        }
    }
}
