package dev.oidchybrid.filter.internal.selfcheck;

import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * With {@code id-token-decryption-key}, the provider must encrypt ID tokens in a way the filter accepts: a key
 * management algorithm of one of the keys ({@code RSA-OAEP-256} for RSA, {@code ECDH-ES+A256KW} for EC) in
 * {@code id_token_encryption_alg_values_supported}, and {@code A256GCM} in
 * {@code id_token_encryption_enc_values_supported} (OpenID Connect Discovery 1.0 §3). Listed without them: an
 * error, since every login would be refused; not advertised: a warning (the provider may still encrypt).
 */
final class EncryptionCheck {

    private static final String SUBJECT = "id-token-decryption-key";

    private EncryptionCheck() {
    }

    static void check(Optional<DecryptionKeys> keys, ProviderMetadata provider, List<Finding> findings) {
        if (keys.isEmpty()) {
            return;
        }
        Set<String> mine = keys.get().algorithms();
        List<String> algs = provider.idTokenEncryptionAlgValuesSupported();
        if (!provider.advertises("id_token_encryption_alg_values_supported")) {
            findings.add(new Finding(Severity.WARNING, SUBJECT, "the provider does not advertise "
                    + "id_token_encryption_alg_values_supported: check that it encrypts ID tokens to this client with "
                    + String.join(" or ", mine) + " (register id_token_encrypted_response_alg); unencrypted ID tokens "
                    + "are refused"));
        } else if (mine.stream().noneMatch(algs::contains)) {
            findings.add(new Finding(Severity.ERROR, SUBJECT, "the provider's id_token_encryption_alg_values_supported "
                    + algs + " has none of " + mine + ", the algorithms of the configured keys: every login will be "
                    + "refused; configure a key of a type the provider encrypts to (RSA: RSA-OAEP-256, EC: "
                    + "ECDH-ES+A256KW)"));
        }
        List<String> encs = provider.idTokenEncryptionEncValuesSupported();
        if (!provider.advertises("id_token_encryption_enc_values_supported")) {
            findings.add(new Finding(Severity.WARNING, SUBJECT, "the provider does not advertise "
                    + "id_token_encryption_enc_values_supported: check that it encrypts ID tokens with "
                    + DecryptionKeys.A256GCM + " (register id_token_encrypted_response_enc), the only one accepted"));
        } else if (!encs.contains(DecryptionKeys.A256GCM)) {
            findings.add(new Finding(Severity.ERROR, SUBJECT, "the provider's id_token_encryption_enc_values_supported "
                    + encs + " lacks " + DecryptionKeys.A256GCM + ", the only content encryption accepted: every login "
                    + "will be refused"));
        }
    }
}
