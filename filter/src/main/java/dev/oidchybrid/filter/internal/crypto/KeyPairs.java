package dev.oidchybrid.filter.internal.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Private keys from PKCS#8 and the public half that belongs to them, which a PKCS#8 key need not carry: RSA from
 * the CRT parameters, EC from an ECDH agreement with the generator (the x coordinate of d·G; the sign of y is
 * settled by a signature), Ed25519 / Ed448 by generating the pair again from the private bytes. Pure.
 */
final class KeyPairs {

    private static final byte[] PROBE = "oidc-hybrid key pair check".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_RSA_BITS = 2048;

    private KeyPairs() {
    }

    /** @throws ClientKeyException ({@code input}) when the bytes are no usable RSA, EC or EdDSA private key */
    static KeyPair fromPkcs8(byte[] der, ClientKeyException.Input input) {
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            PrivateKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                continue;
            }
            return new KeyPair(publicOf(key, input), key);
        }
        throw new ClientKeyException(input, "is not a PKCS#8 RSA, EC or Ed25519 private key");
    }

    /** The public key of {@code key}, checked to fit it. */
    static PublicKey publicOf(PrivateKey key, ClientKeyException.Input input) {
        try {
            PublicKey derived;
            if (key instanceof RSAPrivateCrtKey rsa) {
                derived = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(),
                        rsa.getPublicExponent()));
            } else if (key instanceof ECPrivateKey ec) {
                derived = ecPublic(ec);
            } else if (key instanceof EdECPrivateKey ed) {
                derived = edPublic(ed);
            } else {
                throw new ClientKeyException(input, "is a " + key.getAlgorithm() + " key without the parts that "
                        + "give its public key (an RSA key needs its CRT parameters)");
            }
            check(key, derived, input);
            return derived;
        } catch (GeneralSecurityException e) {
            throw new ClientKeyException(input, "is a " + key.getAlgorithm() + " key this Java runtime cannot use");
        }
    }

    /**
     * Checks that the pair signs and verifies, and that the key is strong enough and of a curve JOSE names.
     *
     * @throws ClientKeyException when the halves do not belong together
     */
    static void check(PrivateKey privateKey, PublicKey publicKey, ClientKeyException.Input input) {
        if (publicKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new ClientKeyException(input, "is an RSA key of " + rsa.getModulus().bitLength()
                    + " bits: at least " + MIN_RSA_BITS + " are needed (RFC 7518 §3.3)");
        }
        if (publicKey instanceof ECPublicKey ec
                && org.jose4j.keys.EllipticCurves.getName(ec.getParams().getCurve()) == null) {
            throw new ClientKeyException(input, "is an EC key of a curve JOSE does not name: use P-256");
        }
        try {
            if (!verifies(privateKey, publicKey)) {
                throw new ClientKeyException(input, "has a public key that does not belong to its private key");
            }
        } catch (GeneralSecurityException e) {
            throw new ClientKeyException(input, "is a " + privateKey.getAlgorithm() + " key that cannot sign");
        }
    }

    private static boolean verifies(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> publicKey.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(PROBE);
        return verifier.verify(signature);
    }

    private static PublicKey ecPublic(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec spec = key.getParams();
        KeyFactory factory = KeyFactory.getInstance("EC");
        PublicKey generator = factory.generatePublic(new ECPublicKeySpec(spec.getGenerator(), spec));
        javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("ECDH");
        agreement.init(key);
        agreement.doPhase(generator, true);
        BigInteger x = new BigInteger(1, agreement.generateSecret());
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        // the NIST prime curves have p = 3 mod 4, so a square root is rhs^((p+1)/4)
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        for (BigInteger candidate : List.of(y, p.subtract(y))) {
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                    new ECPublicKeySpec(new ECPoint(x, candidate), spec));
            if (verifies(key, publicKey)) {
                return publicKey;
            }
        }
        throw new GeneralSecurityException("no public point");
    }

    private static PublicKey edPublic(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] secret = key.getBytes().orElseThrow(() -> new GeneralSecurityException("no private bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance(key.getParams().getName());
        generator.initialize(new NamedParameterSpec(key.getParams().getName()), new FixedBytes(secret));
        KeyPair again = generator.generateKeyPair();
        byte[] regenerated = ((EdECPrivateKey) again.getPrivate()).getBytes().orElse(new byte[0]);
        boolean same = Arrays.equals(regenerated, secret);
        Arrays.fill(regenerated, (byte) 0);
        Arrays.fill(secret, (byte) 0);
        if (!same) {
            throw new GeneralSecurityException("the key pair could not be regenerated");
        }
        return (EdECPublicKey) again.getPublic();
    }

    /** A "random" source that yields the given private key bytes, so the generator rebuilds that pair. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected request for " + out.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
