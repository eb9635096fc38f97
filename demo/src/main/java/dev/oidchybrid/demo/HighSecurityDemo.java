package dev.oidchybrid.demo;

import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.DevProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The demo's high-security set-up, for {@code OIDC_PROFILE=fapi2} or {@code OIDC_CLIENT_AUTH=private_key_jwt}
 * against the development provider: a fresh ES256 client key pair (its private half handed to the filter as
 * {@code client-key}, a PKCS#8 PEM, the public half registered with the provider for {@code private_key_jwt}), no
 * client secret. With the profile the provider also requires pushed authorization requests and DPoP nonces and
 * signs with ES256, one of the profile's algorithms, so that the demo shows the whole FAPI 2.0 client at work.
 *
 * @param fapi2       whether {@code profile=fapi2} is set
 * @param key         the generated client key pair
 */
record HighSecurityDemo(boolean fapi2, KeyPair key) {

    /**
     * The set-up the settings ask for, or null for the ordinary demo client (client secret): a key is made only
     * when the profile or {@code private_key_jwt} is chosen and no key of one's own is configured.
     *
     * @param setting a filter parameter as the filter would read it (environment, then system property), or null
     */
    static HighSecurityDemo of(UnaryOperator<String> setting) {
        boolean fapi2 = "fapi2".equalsIgnoreCase(setting.apply("profile"));
        boolean keyJwt = fapi2 || "private_key_jwt".equals(setting.apply("client-auth"));
        if (!keyJwt || setting.apply("client-key") != null || setting.apply("client-keystore") != null) {
            return null;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new HighSecurityDemo(fapi2, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key pair generator in this JVM", e);
        }
    }

    /** The provider as this set-up needs it: the demo client also accepts the key, and with the profile more. */
    DevProvider.Builder configure(DevProvider.Builder provider) {
        provider.client(ClientRegistration.demo().withPrivateKeyJwt(publicJwks()));
        if (fapi2) {
            provider.requirePushedAuthorizationRequests(true).requireDpopNonce(true).signingAlgorithm("ES256");
        }
        return provider;
    }

    /** The filter settings this set-up brings (system property names without {@code oidc.}). */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("client-auth", "private_key_jwt");
        settings.put("client-key", pem());
        return settings;
    }

    /** The private key as the filter reads {@code client-key}: PKCS#8 PEM. */
    String pem() {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public key as a JWK set, its {@code kid} the RFC 7638 thumbprint (as the filter names its key). */
    String publicJwks() {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.getPublic());
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("the EC key has no JWK form", e);
        }
    }

    /** One banner line saying what is switched on. */
    String describe() {
        return fapi2 ? "profile fapi2: private_key_jwt (a fresh ES256 key), PAR required, DPoP with nonces, ES256 tokens"
                : "private_key_jwt with a fresh ES256 key (no client secret)";
    }
}
