package dev.oidchybrid.filter.internal.crypto;

import dev.oidchybrid.filter.internal.crypto.ClientKeyException.Input;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The client's own signing keys, parsed with no I/O from what the operator configured: PKCS#8 PEM (inline, with
 * real or {@code \n}-escaped line breaks), a JWK or a JWK set with private parts, or a PKCS#12 key store
 * ({@link KeyStoreKeys}). Several keys may be given: the first signs, every one is published, so keys can
 * rotate. Public-only keys, symmetric keys and keys whose halves do not fit are refused with a message that
 * never holds key material.
 */
public final class ClientKeys {

    private final List<ClientKey> keys;

    ClientKeys(List<ClientKey> keys) {
        this(keys, Input.KEY);
    }

    private ClientKeys(List<ClientKey> keys, Input input) {
        if (keys.isEmpty()) {
            throw new ClientKeyException(input, "holds no private key");
        }
        if (new HashSet<>(keys.stream().map(ClientKey::kid).toList()).size() != keys.size()) {
            throw new ClientKeyException(input, "holds two keys with the same kid");
        }
        this.keys = List.copyOf(keys);
    }

    /** The key that signs. */
    public ClientKey signing() {
        return keys.get(0);
    }

    /** Every key, the signing one first. */
    public List<ClientKey> all() {
        return keys;
    }

    /**
     * Keys from PEM ({@code PRIVATE KEY} blocks, and {@code CERTIFICATE} blocks for the first key) or JSON (a JWK
     * or a JWK set, private parts included).
     *
     * @throws ClientKeyException when the text holds no usable private key
     */
    public static ClientKeys parse(String text) {
        return parse(text, Input.KEY, "sig");
    }

    /**
     * {@link #parse(String)} for keys of another purpose: problems are reported against {@code input}, and a JWK
     * must have no {@code use} or this one ({@code enc} for {@link DecryptionKeys}).
     */
    static ClientKeys parse(String text, Input input, String use) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return fromJwks(trimmed, input, use);
        }
        if (!Pem.looksLikePem(trimmed)) {
            throw new ClientKeyException(input, "is neither PEM (-----BEGIN PRIVATE KEY-----) nor a JWK / JWK "
                    + "set (JSON)");
        }
        List<ClientKey> keys = new ArrayList<>();
        X509Certificate certificate = null;
        for (Pem.Block block : Pem.blocks(trimmed, input)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> keys.add(of(KeyPairs.fromPkcs8(block.der(), input), Optional.empty(),
                        Optional.empty(), Optional.empty()));
                case "CERTIFICATE" -> certificate = certificate != null ? certificate
                        : certificate(block.der(), input);
                case "PUBLIC KEY" -> throw new ClientKeyException(input, "is a public key: the private key "
                        + "(-----BEGIN PRIVATE KEY-----) is needed to " + (input == Input.KEY ? "sign" : "decrypt"));
                case "ENCRYPTED PRIVATE KEY" -> throw new ClientKeyException(input, "is an encrypted PEM key: "
                        + "give it unencrypted (openssl pkcs8 -topk8 -nocrypt) or as a PKCS#12 client-keystore");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new ClientKeyException(input, "is a "
                        + block.label() + " (PKCS#1 / SEC 1): convert it to PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in key.pem'");
                default -> throw new ClientKeyException(input, "has a PEM block '" + block.label()
                        + "': only PRIVATE KEY (PKCS#8) and CERTIFICATE blocks are read");
            }
        }
        ClientKeys parsed = new ClientKeys(keys, input);
        return certificate == null ? parsed : parsed.withCertificate(certificate, input);
    }

    /** The same keys with {@code pem} as the signing key's certificate. */
    public ClientKeys withCertificate(String pem) {
        List<Pem.Block> blocks = Pem.blocks(pem, Input.CERTIFICATE);
        if (!blocks.get(0).label().equals("CERTIFICATE")) {
            throw new ClientKeyException(Input.CERTIFICATE, "does not start with -----BEGIN CERTIFICATE-----");
        }
        return withCertificate(certificate(blocks.get(0).der(), Input.CERTIFICATE), Input.CERTIFICATE);
    }

    ClientKeys withCertificate(X509Certificate certificate, Input input) {
        ClientKey first = signing();
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), first.publicKey().getEncoded())) {
            throw new ClientKeyException(input, "holds a certificate of another key than the signing (first) key");
        }
        List<ClientKey> changed = new ArrayList<>(keys);
        changed.set(0, new ClientKey(first.kid(), first.privateKey(), first.publicKey(), first.algorithm(),
                Optional.of(certificate)));
        return new ClientKeys(changed);
    }

    /** The public JWK set to publish ({@code kid}, {@code use: sig}, {@code x5t#S256}): never a private part. */
    public String publicJwks() {
        return new JsonWebKeySet(publicJwkList("sig")).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The public JWKs of these keys with {@code use}, {@code kid}, the key's {@code alg} and {@code x5t#S256}. */
    List<JsonWebKey> publicJwkList(String use) {
        List<JsonWebKey> jwks = new ArrayList<>();
        for (ClientKey key : keys) {
            PublicJsonWebKey jwk = publicJwk(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setUse(use);
            key.algorithm().ifPresent(jwk::setAlgorithm);
            key.x5tS256().ifPresent(jwk::setX509CertificateSha256Thumbprint);
            jwks.add(jwk);
        }
        return jwks;
    }

    static ClientKey of(KeyPair pair, Optional<String> kid, Optional<String> algorithm,
                        Optional<X509Certificate> certificate) {
        String id = kid.orElseGet(() -> thumbprint(pair.getPublic()));
        return new ClientKey(id, pair.getPrivate(), pair.getPublic(), algorithm, certificate);
    }

    static X509Certificate certificate(byte[] der, Input input) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new ClientKeyException(input, "has a CERTIFICATE block that is not an X.509 certificate");
        }
    }

    private static ClientKeys fromJwks(String json, Input input, String use) {
        List<JsonWebKey> jwks;
        try {
            jwks = json.contains("\"keys\"") ? new JsonWebKeySet(json).getJsonWebKeys()
                    : List.of(JsonWebKey.Factory.newJwk(json));
        } catch (JoseException | RuntimeException e) {
            throw new ClientKeyException(input, "is JSON but not a valid JWK or JWK set");
        }
        List<ClientKey> keys = new ArrayList<>();
        for (JsonWebKey jwk : jwks) {
            String name = jwk.getKeyId() == null ? "a " + jwk.getKeyType() + " key" : "key '" + jwk.getKeyId() + "'";
            if (!(jwk instanceof PublicJsonWebKey pair)) {
                throw new ClientKeyException(input, "has " + name + " that is not an RSA, EC or OKP key pair "
                        + "(a symmetric key cannot be used " + (input == Input.KEY ? "for private_key_jwt" : "here") + ")");
            }
            PrivateKey privateKey = pair.getPrivateKey();
            if (privateKey == null) {
                throw new ClientKeyException(input, "has " + name + " without its private part");
            }
            if (jwk.getUse() != null && !jwk.getUse().equals(use)) {
                throw new ClientKeyException(input, "has " + name + " whose use is not '" + use + "'");
            }
            KeyPairs.check(privateKey, pair.getPublicKey(), input);
            X509Certificate leaf = pair.getLeafCertificate();
            if (leaf != null && !Arrays.equals(leaf.getPublicKey().getEncoded(), pair.getPublicKey().getEncoded())) {
                throw new ClientKeyException(input, "has " + name + " whose x5c certificate is of another key");
            }
            ClientKey key = of(new KeyPair(pair.getPublicKey(), privateKey), Optional.ofNullable(jwk.getKeyId()),
                    Optional.ofNullable(jwk.getAlgorithm()), Optional.ofNullable(leaf));
            // decryption keys check their alg themselves (DecryptionKeys)
            if ("sig".equals(use) && jwk.getAlgorithm() != null && !key.fits(jwk.getAlgorithm())) {
                throw new ClientKeyException(input, "has " + name + " whose alg '" + jwk.getAlgorithm()
                        .replaceAll("[^A-Za-z0-9+-]", "?") + "' is not a signature algorithm of its " + key.type()
                        + " key: remove alg or set one of the key's own (e.g. " + new ClientKey(key.kid(),
                        privateKey, key.publicKey(), Optional.empty(), key.certificate()).algorithms().get(0) + ")");
            }
            keys.add(key);
        }
        return new ClientKeys(keys, input);
    }

    private static String thumbprint(PublicKey key) {
        try {
            return publicJwk(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (RuntimeException e) {
            throw new ClientKeyException(Input.KEY, "is a key JOSE cannot describe as a JWK");
        }
    }

    private static PublicJsonWebKey publicJwk(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key);
        } catch (JoseException e) {
            throw new ClientKeyException(Input.KEY, "is a key JOSE cannot describe as a JWK");
        }
    }

    @Override
    public String toString() {
        return "ClientKeys" + keys;
    }
}
