package dev.oidchybrid.filter.internal.token;

import dev.oidchybrid.filter.internal.ErrorCode;
import dev.oidchybrid.filter.internal.OidcException;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.DecryptionKeys;
import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.testing.TestJwe;
import dev.oidchybrid.filter.testing.TestKeys;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static dev.oidchybrid.filter.testing.TestIdTokens.NONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encrypted ID tokens through {@link IdTokenValidator}: decrypted, then verified exactly as signed ones. */
class IdTokenValidatorEncryptionTest {

    private static final long NOW = 1_800_000_000L;
    private static final String CODE = "SplxlOBeZQQYbYS6WxSbIA";
    private static final PublicJsonWebKey ENC = TestJwe.rsa("enc-1");

    private final MutableClock clock = MutableClock.at(NOW);

    private IdTokenValidator validator(boolean decryption) {
        OidcConfig config = OidcConfig.builder().set(InitParam.ISSUER, TestIdTokens.ISSUER)
                .set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID).build();
        JwksKeyResolver keys = new JwksKeyResolver(() -> TestKeys.jwks(TestKeys.RSA, TestKeys.EC), clock,
                Duration.ofMinutes(1), Duration.ofHours(24));
        return new IdTokenValidator(IdTokenValidator.Settings.from(config), keys, decryption
                ? Optional.of(new IdTokenDecrypter(DecryptionKeys.parse(TestJwe.privateJwks(ENC)))) : Optional.empty(),
                clock);
    }

    private static TestIdTokens token() {
        return TestIdTokens.at(NOW);
    }

    private static String rejection(IdTokenValidator validator, String token, IdTokenExpectations expect) {
        OidcException e = assertThrows(OidcException.class, () -> validator.validate(token, expect));
        assertEquals(ErrorCode.INVALID_ID_TOKEN, e.code());
        return e.description();
    }

    @Test
    void validateWhenEncryptedAndConfiguredThenReturnsTheSignedTokenAndItsClaims() {
        String signed = token().build();
        ValidatedIdToken valid = validator(true).validate(TestJwe.to(ENC).encrypt(signed),
                IdTokenExpectations.tokenEndpoint(NONCE, null));
        assertEquals(signed, valid.raw());
        assertEquals(TestIdTokens.SUBJECT, valid.subject());
    }

    @Test
    void validateWhenPlainSignedTokenAndEncryptionConfiguredThenRejected() {
        String description = rejection(validator(true), token().build(), IdTokenExpectations.tokenEndpoint(NONCE, null));
        assertTrue(description.contains("ID token is not encrypted, but id-token-decryption-key is set"), description);
    }

    @Test
    void validateWhenEncryptedAndNotConfiguredThenRejectedNamingTheSetting() {
        String description = rejection(validator(false), TestJwe.to(ENC).encrypt(token().build()),
                IdTokenExpectations.tokenEndpoint(NONCE, null));
        assertTrue(description.contains("encrypted (JWE), but id-token-decryption-key is not set"), description);
    }

    @Test
    void validateWhenEncryptedFrontChannelThenCHashCheckedOnTheSignedToken() {
        IdTokenExpectations front = IdTokenExpectations.frontChannel(NONCE, CODE, null);
        String good = TestJwe.to(ENC).encrypt(token().codeHashFor(CODE).build());
        assertEquals(TestIdTokens.SUBJECT, validator(true).validate(good, front).subject());
        String bad = TestJwe.to(ENC).encrypt(token().codeHashFor("another-code").build());
        assertTrue(rejection(validator(true), bad, front).contains("c_hash does not match"));
    }

    @Test
    void validateWhenEncryptedInnerSignatureByAnotherKeyThenRejected() {
        String forged = token().signedWith(TestKeys.ATTACKER_RSA, AlgorithmIdentifiers.RSA_USING_SHA256).build();
        assertTrue(rejection(validator(true), TestJwe.to(ENC).encrypt(forged),
                IdTokenExpectations.tokenEndpoint(NONCE, null)).contains("signature"));
    }

    @Test
    void validateWhenEncryptedInnerClaimInvalidThenRejected() {
        String expired = token().with("exp", NOW - 3600).build();
        assertTrue(rejection(validator(true), TestJwe.to(ENC).encrypt(expired),
                IdTokenExpectations.tokenEndpoint(NONCE, null)).contains("exp"));
    }

    @Test
    void validateWhenEncryptedInnerTokenUnsignedThenRejected() {
        String payload = token().build().split("\\.")[1];
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.US_ASCII)) + "." + payload + ".";
        assertTrue(rejection(validator(true), TestJwe.to(ENC).encrypt(none),
                IdTokenExpectations.tokenEndpoint(NONCE, null)).contains("not a signed JWT"));
    }
}
