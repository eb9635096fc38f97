package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.testing.TestIdTokens;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serialized form of a session, as container session persistence and replication write it. */
class SessionFormTest {

    private static final long NOW = 1_800_000_000L;
    private static final SessionFactory FACTORY = new SessionFactory(OidcConfig.builder()
            .set(InitParam.ISSUER, TestIdTokens.ISSUER).set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID)
            .set(InitParam.CLIENT_SECRET, "s3cret").set(InitParam.ROLES_CLAIM, "roles").build().provider(),
            new RandomTokens(new SecureRandom()));

    private static OidcSession session(String dpopKey, Map<String, Object> extraClaims) {
        String idToken = TestIdTokens.at(NOW).with("sid", "op-7").with("roles", List.of("admin", "user")).build();
        Map<String, Object> claims = new HashMap<>(SessionCodec.idTokenClaims(idToken));
        claims.putAll(extraClaims);
        TokenSet tokens = new TokenSet(idToken, "access-token-value", "refresh-token-value", dpopKey == null
                ? "Bearer" : "DPoP", Instant.ofEpochSecond(NOW + 300), "openid profile", Instant.ofEpochSecond(NOW),
                dpopKey);
        return FACTORY.restore(tokens, extraClaims.isEmpty() ? SessionCodec.idTokenClaims(idToken)
                : java.util.Collections.unmodifiableMap(claims), Instant.ofEpochMilli(NOW * 1000 - 20_123), "sid-1");
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    @Test
    void serializeWhenReadBackThenTheSameSessionTokensClaimsPrincipalRolesAndLoginToTheMillisecond() throws Exception {
        OidcSession session = session(null, Map.of());

        OidcSession back = (OidcSession) deserialize(serialize(session));

        assertEquals(session, back);
        assertEquals(List.of("admin", "user"), back.principal().sortedRoles());
        assertEquals(session.loggedInAt(), back.loggedInAt());
    }

    @Test
    void serializeWhenUserInfoClaimsWereMergedThenTheyComeBackToo() throws Exception {
        OidcSession session = session(null, Map.of("email", "alice@example.com"));

        OidcSession back = (OidcSession) deserialize(serialize(session));

        assertEquals("alice@example.com", back.claims().get("email"));
        assertEquals(session.claims(), back.claims());
    }

    @Test
    void serializeWhenDpopBoundThenTheKeyAndTokenTypeComeBack() throws Exception {
        OidcSession session = session("sealed-dpop-key", Map.of());

        OidcSession back = (OidcSession) deserialize(serialize(session));

        assertEquals("sealed-dpop-key", back.tokens().dpopKey());
        assertEquals("DPoP", back.tokens().tokenType());
    }

    @Test
    void serializeWhenTheClaimsAreTheIdTokensThenTheyAreNotWrittenTwice() throws Exception {
        OidcSession session = session(null, Map.of());
        int idTokenLength = session.tokens().idToken().length();

        int size = serialize(session).length;

        // the ID token, the two other tokens and a few short fields: no second copy of the claims
        assertTrue(size < idTokenLength + 600, size + " B for an ID token of " + idTokenLength);
    }

    @Test
    void deserializeWhenTheFormIsDamagedThenInvalidObjectExceptionNotASession() throws Exception {
        SessionForm form = new SessionForm(session(null, Map.of()));
        java.lang.reflect.Field json = SessionForm.class.getDeclaredField("json");
        json.setAccessible(true);
        json.set(form, "{\"v\":1,\"it\":\"not-a-jwt\",\"pr\":[]}");

        byte[] damaged = serialize(form);

        assertThrows(InvalidObjectException.class, () -> deserialize(damaged));
    }
}
