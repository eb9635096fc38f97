package dev.oidchybrid.filter.internal.crypto;

import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.X509Util;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * One of the client's own signing keys (for {@code private_key_jwt}, RFC 7523 §2.2, OpenID Connect Core 1.0 §9):
 * the pair, its {@code kid} and, when configured, its certificate (for the {@code x5t#S256} and {@code x5t}
 * headers). Built only by {@link ClientKeys}, which checked that the two halves belong together.
 *
 * @param kid         the key ID: the JWK's own, else its RFC 7638 thumbprint (SHA-256)
 * @param algorithm   the JWK's {@code alg}, when it named one: then only that algorithm is used
 * @param certificate the certificate of this key, or empty
 */
public record ClientKey(String kid, PrivateKey privateKey, PublicKey publicKey, Optional<String> algorithm,
                        Optional<X509Certificate> certificate) {

    /** A short description of the key type for messages, e.g. {@code RSA}, {@code EC P-256}, {@code Ed25519}. */
    public String type() {
        if (publicKey instanceof ECPublicKey ec) {
            return "EC " + EllipticCurves.getName(ec.getParams().getCurve());
        }
        if (publicKey instanceof EdECPublicKey ed) {
            return ed.getParams().getName();
        }
        return publicKey.getAlgorithm();
    }

    /**
     * Whether a key of this type signs with {@code alg} at all (RFC 7518 §3.1, RFC 8037 §3.1), whatever
     * {@link #algorithm()} says: RS/PS with RSA, ES256/384/512 on its own curve, EdDSA with Ed25519 or Ed448.
     */
    public boolean fits(String alg) {
        if (publicKey instanceof RSAPublicKey) {
            return List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512").contains(alg);
        }
        if (publicKey instanceof EdECPublicKey) {
            return "EdDSA".equals(alg);
        }
        return switch (type()) {
            case "EC P-256" -> "ES256".equals(alg);
            case "EC P-384" -> "ES384".equals(alg);
            case "EC P-521" -> "ES512".equals(alg);
            default -> false;
        };
    }

    /** The JWS algorithms this key can sign with, best first. */
    public List<String> algorithms() {
        if (algorithm.isPresent()) {
            return List.of(algorithm.get());
        }
        if (publicKey instanceof RSAPublicKey) {
            return List.of("PS256", "RS256");
        }
        if (publicKey instanceof EdECPublicKey) {
            return List.of("EdDSA");
        }
        return switch (type()) {
            case "EC P-384" -> List.of("ES384");
            case "EC P-521" -> List.of("ES512");
            default -> List.of("ES256");
        };
    }

    /**
     * The algorithm to sign with, given the provider's {@code token_endpoint_auth_signing_alg_values_supported}:
     * the best of {@link #algorithms()} it lists. When it lists none, RS256 for an RSA key (the algorithm every
     * provider must support, OpenID Connect Discovery 1.0 §3), else the key's own algorithm.
     */
    public Optional<String> signingAlgorithm(List<String> listed) {
        return signingAlgorithm(listed, alg -> true);
    }

    /**
     * {@link #signingAlgorithm(List)} among the algorithms {@code allowed} admits (a profile's restriction): empty
     * when the key signs with none of them, whatever the provider lists.
     */
    public Optional<String> signingAlgorithm(List<String> listed, java.util.function.Predicate<String> allowed) {
        List<String> mine = algorithms().stream().filter(allowed).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        if (listed.isEmpty()) {
            return Optional.of(mine.contains("RS256") ? "RS256" : mine.get(0));
        }
        return mine.stream().filter(listed::contains).findFirst();
    }

    /** The certificate's SHA-256 thumbprint (the {@code x5t#S256} header, RFC 7515 §4.1.8). */
    public Optional<String> x5tS256() {
        return certificate.map(X509Util::x5tS256);
    }

    /** The certificate's SHA-1 thumbprint (the {@code x5t} header, which Microsoft Entra ID requires). */
    public Optional<String> x5t() {
        return certificate.map(X509Util::x5t);
    }

    /** Never the private key. */
    @Override
    public String toString() {
        return "ClientKey[kid=" + kid + ", type=" + type() + ", certificate=" + certificate.isPresent() + "]";
    }
}
