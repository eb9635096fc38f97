package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.token.DpopKey;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.testing.TestIdTokens;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The session's DPoP key is sealed with it, and a bound token never comes back without its key. */
class SessionCodecDpopTest {

    private static final long NOW = 1_800_000_000L;
    private static final SealingScope SCOPE = new SealingScope(TestIdTokens.ISSUER, TestIdTokens.CLIENT_ID, "");
    private static final SessionFactory FACTORY = new SessionFactory(OidcConfig.builder()
            .set(InitParam.ISSUER, TestIdTokens.ISSUER).set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID).build()
            .provider(), new RandomTokens(new SecureRandom()));
    private static final SessionCodec CODEC = new SessionCodec(
            SessionCodec.sealer(List.of("a-session-secret-that-is-long-enough-00"), SCOPE), SCOPE, FACTORY);

    private static OidcSession session(String tokenType, String dpopKey) {
        TokenSet tokens = new TokenSet(TestIdTokens.at(NOW).build(), "at", "rt", tokenType,
                Instant.ofEpochSecond(NOW + 300), "openid", Instant.ofEpochSecond(NOW), dpopKey);
        return FACTORY.restore(tokens, Map.of("iss", TestIdTokens.ISSUER, "sub", "alice", "aud",
                TestIdTokens.CLIENT_ID), Instant.ofEpochSecond(NOW), "id-1");
    }

    @Test
    void unsealWhenDpopBoundThenTheSameKeyComesBack() {
        DpopKey key = DpopKey.generate("ES256", new SecureRandom());
        OidcSession back = CODEC.unseal(CODEC.seal(session("DPoP", key.sealable()), Instant.ofEpochSecond(NOW)))
                .orElseThrow().session();
        assertEquals(key.thumbprint(), back.tokens().dpop().orElseThrow().thumbprint());
    }

    @Test
    void unsealWhenBoundTokenWithoutKeyOrKeyWithBearerTokenThenNoSession() {
        assertEquals(Optional.empty(), CODEC.unseal(CODEC.seal(session("DPoP", null), Instant.ofEpochSecond(NOW))));
        assertEquals(Optional.empty(), CODEC.unseal(CODEC.seal(session("Bearer",
                DpopKey.generate("ES256", new SecureRandom()).sealable()), Instant.ofEpochSecond(NOW))));
        assertFalse(CODEC.unseal(CODEC.seal(session("Bearer", null), Instant.ofEpochSecond(NOW))).isEmpty(),
                "precondition: a Bearer session comes back");
    }

    @Test
    void sealWhenBoundThenThePrivateKeyIsNotReadableInTheSealedValue() {
        DpopKey key = DpopKey.generate("ES256", new SecureRandom());
        String sealed = CODEC.seal(session("DPoP", key.sealable()), Instant.ofEpochSecond(NOW));
        String d = key.sealable().replaceAll(".*\"d\":\"([^\"]+)\".*", "$1");
        assertFalse(sealed.contains(d));
    }
}
