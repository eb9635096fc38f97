package dev.oidchybrid.filter.internal.token;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The public key a DPoP proof carries in its {@code jwk} header (RFC 9449 §4.2), and its RFC 7638 thumbprint. */
final class DpopProofKeys {

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private DpopProofKeys() {
    }

    /** The header's public key, or empty with a {@link DpopProofValidator#KEY} problem added. */
    static Optional<PublicJsonWebKey> publicKey(JsonWebSignature jws, List<DpopProofValidator.Problem> problems) {
        Object jwk;
        try {
            jwk = jws.getHeaders().getObjectHeaderValue("jwk");
        } catch (RuntimeException e) {
            jwk = null;
        }
        if (!(jwk instanceof Map<?, ?> members)) {
            problems.add(new DpopProofValidator.Problem("jwk", DpopProofValidator.KEY, "DPoP proof has no jwk header"));
            return Optional.empty();
        }
        if (members.keySet().stream().anyMatch(PRIVATE_MEMBERS::contains)) {
            problems.add(new DpopProofValidator.Problem("jwk", DpopProofValidator.KEY, "DPoP proof jwk carries a private or symmetric key"));
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk((Map<String, Object>) members);
            if (key.getPrivateKey() != null) {
                problems.add(new DpopProofValidator.Problem("jwk", DpopProofValidator.KEY, "DPoP proof jwk carries a private key"));
                return Optional.empty();
            }
            return Optional.of(key);
        } catch (JoseException | RuntimeException e) {
            problems.add(new DpopProofValidator.Problem("jwk", DpopProofValidator.KEY, "DPoP proof jwk is not a public EC, RSA or OKP key"));
            return Optional.empty();
        }
    }

    static String thumbprint(PublicJsonWebKey key) {
        try {
            return key.calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
