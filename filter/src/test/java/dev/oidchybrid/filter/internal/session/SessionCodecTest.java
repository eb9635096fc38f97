package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.testing.TestIdTokens;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.internal.token.ValidatedIdToken;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCodecTest {

    private static final SealingScope SCOPE = new SealingScope(TestIdTokens.ISSUER, TestIdTokens.CLIENT_ID, "/app");
    private static final List<String> SECRETS = List.of("a-session-secret-that-is-long-enough-00");
    private static final String LABEL = "oidc-hybrid-filter/session/v2\u0000" + TestIdTokens.ISSUER + "\u0000"
            + TestIdTokens.CLIENT_ID + "\u0000/app";
    private static final long NOW = 1_800_000_000L;
    private static final Instant OBTAINED = Instant.ofEpochSecond(NOW);
    private static final Instant LOGGED_IN = Instant.ofEpochSecond(NOW - 20);
    private static final Instant SEEN = Instant.ofEpochSecond(NOW + 60);
    private static final String SESSION_ID = "session-id-0123456789abcdefghijklmnopqrstu";

    private static final OidcConfig CONFIG = OidcConfig.builder()
            .set(InitParam.ISSUER, TestIdTokens.ISSUER)
            .set(InitParam.CLIENT_ID, TestIdTokens.CLIENT_ID)
            .set(InitParam.CLIENT_SECRET, "s3cret")
            .set(InitParam.PRINCIPAL_CLAIM, "preferred_username")
            .set(InitParam.ROLES_CLAIM, "roles")
            .build();
    private static final SessionFactory FACTORY = new SessionFactory(CONFIG.provider(), new RandomTokens(new SecureRandom()));

    private static SessionCodec codec(List<String> secrets) {
        return new SessionCodec(SessionCodec.sealer(secrets, SCOPE), SCOPE, FACTORY);
    }

    private static final SessionCodec CODEC = codec(SECRETS);

    private static String idToken() {
        return TestIdTokens.at(NOW)
                .with("sid", "op-session-7")
                .with("preferred_username", "alice")
                .with("roles", List.of("admin", "user"))
                .build();
    }

    /** The ID token's payload, parsed independently of the codec (as the validator hands it over). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(String idToken) throws Exception {
        String json = new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return (Map<String, Object>) ValidatedIdToken.freeze(JsonUtil.parseJson(json));
    }

    private static TokenSet tokens(String idToken) {
        return new TokenSet(idToken, "access-token-value", "refresh-token-value", "Bearer",
                Instant.ofEpochSecond(NOW + 300), "openid profile email", OBTAINED);
    }

    private static OidcSession session(String idToken, Map<String, Object> claims) {
        return FACTORY.restore(tokens(idToken), claims, LOGGED_IN, SESSION_ID);
    }

    /** What the codec wrote inside the seal. */
    private static Map<String, Object> plaintext(String sealed) throws Exception {
        String json = SessionCodec.sealer(SECRETS, SCOPE).unseal(sealed, SessionCodec.MAX_SEALED_LENGTH).orElseThrow();
        return JsonUtil.parseJson(json);
    }

    /** A minimal valid plaintext, for crafting variants sealed with the codec's own sealer. */
    private static Map<String, Object> validJson(String idToken) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", 1);
        json.put("id", SESSION_ID);
        json.put("it", idToken);
        json.put("at", "access-token-value");
        json.put("ob", NOW);
        json.put("li", NOW - 20);
        json.put("seen", NOW + 60);
        return json;
    }

    private static String sealJson(Map<String, Object> json) {
        return SessionCodec.sealer(SECRETS, SCOPE).seal(JsonUtil.toJson(json));
    }

    @Test
    void unsealWhenLoggedInWithinASecondThenTheLoginTimeComesBackToTheMillisecond() throws Exception {
        // a revocation is compared with it: a login in the same second after the revocation must stay
        String idToken = idToken();
        Instant loggedIn = LOGGED_IN.plusMillis(734);
        OidcSession session = FACTORY.restore(tokens(idToken), payload(idToken), loggedIn, SESSION_ID);
        String sealed = CODEC.seal(session, SEEN);

        assertEquals(loggedIn, CODEC.unseal(sealed).orElseThrow().session().loggedInAt());
        assertEquals(NOW - 20, ((Number) plaintext(sealed).get("li")).longValue(),
                "whole seconds for readers that know no fraction");
    }

    @Test
    void unsealWhenSealedThenTokensTimesIdPrincipalAndRolesComeBack() throws Exception {
        String idToken = idToken();
        OidcSession session = session(idToken, payload(idToken));
        assertEquals("alice", session.principal().getName(), "precondition: principal-claim applied");

        LoadedSession decoded = CODEC.unseal(CODEC.seal(session, SEEN)).orElseThrow();

        OidcSession back = decoded.session();
        assertEquals(session.tokens(), back.tokens());
        assertEquals(idToken, back.tokens().idToken());
        assertEquals("access-token-value", back.tokens().accessToken());
        assertEquals("refresh-token-value", back.tokens().refreshToken());
        assertEquals("Bearer", back.tokens().tokenType());
        assertEquals(Instant.ofEpochSecond(NOW + 300), back.tokens().expiresAt());
        assertEquals("openid profile email", back.tokens().scope());
        assertEquals(OBTAINED, back.tokens().obtainedAt());
        assertEquals(LOGGED_IN, back.loggedInAt());
        assertEquals(SESSION_ID, back.id());
        assertEquals("alice", back.principal().getName());
        assertEquals(TestIdTokens.ISSUER, back.principal().issuer());
        assertEquals(TestIdTokens.SUBJECT, back.principal().subject());
        assertEquals(Set.of("admin", "user"), back.principal().roles());
        assertEquals(session.claims(), back.claims());
        assertEquals(session, back);
    }

    @Test
    void unsealWhenOptionalTokenFieldsAbsentThenTheyComeBackAbsent() throws Exception {
        String idToken = idToken();
        TokenSet minimal = new TokenSet(idToken, "access-token-value", null, null, null, null, OBTAINED);
        OidcSession session = FACTORY.restore(minimal, payload(idToken), null, SESSION_ID);

        OidcSession back = CODEC.unseal(CODEC.seal(session, SEEN)).orElseThrow().session();

        assertEquals(minimal, back.tokens());
        assertNull(back.tokens().refreshToken());
        assertNull(back.tokens().expiresAt());
        assertNull(back.loggedInAt());
    }

    @Test
    void sealWhenClaimsEqualTheIdTokenPayloadThenClaimsAreNotWrittenYetComeBackEqual() throws Exception {
        String idToken = idToken();
        Map<String, Object> claims = payload(idToken);
        Map<String, Object> differing = new LinkedHashMap<>(claims);
        differing.put("locale", "de");

        String sealedEqual = CODEC.seal(session(idToken, claims), SEEN);
        String sealedDiffering = CODEC.seal(session(idToken, differing), SEEN);

        assertFalse(plaintext(sealedEqual).containsKey("c"), "claims left out: they are in the ID token");
        assertTrue(plaintext(sealedDiffering).containsKey("c"));
        // the claims map is about as long as the payload itself, so leaving it out saves at least half of it
        int payloadLength = idToken.split("\\.")[1].length();
        assertTrue(sealedEqual.length() + payloadLength / 2 < sealedDiffering.length(),
                sealedEqual.length() + " vs " + sealedDiffering.length());
        assertEquals(claims, CODEC.unseal(sealedEqual).orElseThrow().session().claims());
    }

    @Test
    void unsealWhenUserInfoClaimsMergedThenTheMergedClaimsComeBack() throws Exception {
        String idToken = TestIdTokens.at(NOW).build(); // no name, no roles in the ID token
        Map<String, Object> merged = new LinkedHashMap<>(payload(idToken));
        merged.put("preferred_username", "bob");
        merged.put("roles", "auditor viewer");
        merged.put("address", Map.of("country", "DE", "locality", "Berlin"));
        merged.put("email_verified", true);
        OidcSession session = session(idToken, merged);

        OidcSession back = CODEC.unseal(CODEC.seal(session, SEEN)).orElseThrow().session();

        assertEquals(merged, back.claims());
        assertEquals("bob", back.principal().getName(), "principal derived from the merged claims");
        assertEquals(Set.of("auditor", "viewer"), back.principal().roles(), "roles derived from the merged claims");
        assertEquals(session, back);
    }

    @Test
    void unsealWhenSealedWithAnotherSecretThenEmpty() throws Exception {
        String idToken = idToken();
        String foreign = codec(List.of("another-secret-that-is-long-enough-9999"))
                .seal(session(idToken, payload(idToken)), SEEN);
        assertTrue(CODEC.unseal(foreign).isEmpty());
    }

    @Test
    void unsealWhenSecretsRotatedThenSessionsSealedWithTheOldSecretStillOpen() throws Exception {
        String idToken = idToken();
        String sealed = CODEC.seal(session(idToken, payload(idToken)), SEEN);
        SessionCodec rotated = codec(List.of("the-new-secret-that-is-long-enough-777", SECRETS.get(0)));
        assertEquals(SESSION_ID, rotated.unseal(sealed).orElseThrow().session().id());
    }

    @Test
    void unsealWhenSealedForAnotherPurposeWithTheSameSecretThenEmpty() {
        String loginState = new Sealer(SECRETS, SCOPE.label("pending-login")).seal(JsonUtil.toJson(validJson(idToken())));
        assertTrue(CODEC.unseal(loginState).isEmpty());
    }

    @Test
    void unsealWhenSealedInAnotherScopeWithTheSameSecretThenEmpty() {
        String plain = JsonUtil.toJson(validJson(idToken()));
        for (SealingScope other : List.of(new SealingScope(TestIdTokens.ISSUER, "some-other-app", "/app"),
                new SealingScope(TestIdTokens.ISSUER, TestIdTokens.CLIENT_ID, "/other"),
                new SealingScope("https://other-op.example", TestIdTokens.CLIENT_ID, "/app"))) {
            assertTrue(CODEC.unseal(SessionCodec.sealer(SECRETS, other).seal(plain)).isEmpty(), other.toString());
        }
    }

    @Test
    void unsealWhenIdTokenOfAnotherIssuerOrAudienceThenEmptyEvenUnderTheRightKey() {
        String otherAudience = TestIdTokens.at(NOW).audiences("some-other-app").build();
        assertTrue(CODEC.unseal(sealJson(validJson(otherAudience))).isEmpty(), "aud");
        String otherIssuer = TestIdTokens.at(NOW).with("iss", "https://other-op.example").build();
        assertTrue(CODEC.unseal(sealJson(validJson(otherIssuer))).isEmpty(), "iss");
        String alsoOurs = TestIdTokens.at(NOW).audiences("some-other-app", TestIdTokens.CLIENT_ID).build();
        assertTrue(CODEC.unseal(sealJson(validJson(alsoOurs))).isPresent(), "aud array naming this client");
    }

    @Test
    void unsealWhenCraftedJsonIsValidThenDecodedWhichValidatesTheCraftingBelow() {
        LoadedSession decoded = CODEC.unseal(sealJson(validJson(idToken()))).orElseThrow();
        assertEquals(SESSION_ID, decoded.session().id());
        assertEquals(SEEN, decoded.seen());
        String underTheLabel = new Sealer(SECRETS, LABEL).seal(JsonUtil.toJson(validJson(idToken())));
        assertEquals(SESSION_ID, CODEC.unseal(underTheLabel).orElseThrow().session().id(),
                "SessionCodec.sealer seals under " + LABEL);
    }

    @Test
    void unsealWhenVersionIsNotOneThenEmpty() {
        Map<String, Object> json = validJson(idToken());
        json.put("v", 2);
        assertTrue(CODEC.unseal(sealJson(json)).isEmpty());
        json.put("v", "1");
        assertTrue(CODEC.unseal(sealJson(json)).isEmpty(), "a string is not the version number");
        json.remove("v");
        assertTrue(CODEC.unseal(sealJson(json)).isEmpty(), "no version");
    }

    @Test
    void unsealWhenWrittenClaimsLackSubThenEmpty() throws Exception {
        String idToken = idToken();
        Map<String, Object> claims = new LinkedHashMap<>(payload(idToken));
        claims.remove("sub");
        Map<String, Object> json = validJson(idToken);
        json.put("c", claims);
        assertTrue(CODEC.unseal(sealJson(json)).isEmpty());
    }

    @Test
    void unsealWhenIdTokenLacksSubAndNoClaimsWrittenThenEmpty() {
        assertTrue(CODEC.unseal(sealJson(validJson(TestIdTokens.at(NOW).without("sub").build()))).isEmpty());
    }

    @Test
    void unsealWhenAccessTokenOrObtainedAtMissingThenEmpty() {
        Map<String, Object> noAccessToken = validJson(idToken());
        noAccessToken.remove("at");
        assertTrue(CODEC.unseal(sealJson(noAccessToken)).isEmpty());
        Map<String, Object> noObtained = validJson(idToken());
        noObtained.remove("ob");
        assertTrue(CODEC.unseal(sealJson(noObtained)).isEmpty());
    }

    @Test
    void unsealWhenSealedTextIsNotASessionThenEmpty() {
        Map<String, Object> notAJws = validJson(idToken());
        notAJws.put("it", "not-a-jws");
        assertTrue(CODEC.unseal(sealJson(notAJws)).isEmpty());
        Map<String, Object> wrongType = validJson(idToken());
        wrongType.put("at", 42);
        assertTrue(CODEC.unseal(sealJson(wrongType)).isEmpty());
        assertTrue(CODEC.unseal(SessionCodec.sealer(SECRETS, SCOPE).seal("not json")).isEmpty());
        assertTrue(CODEC.unseal(SessionCodec.sealer(SECRETS, SCOPE).seal("[1,2]")).isEmpty());
    }

    @Test
    void unsealWhenGarbageOrTooLongThenEmpty() {
        assertTrue(CODEC.unseal(null).isEmpty());
        assertTrue(CODEC.unseal("").isEmpty());
        assertTrue(CODEC.unseal("a.b.c.d.e").isEmpty());
        assertTrue(CODEC.unseal("A".repeat(SessionCodec.MAX_SEALED_LENGTH + 1)).isEmpty());
    }

    @Test
    void unsealWhenSealedThenSeenTimeComesBack() throws Exception {
        String idToken = idToken();
        OidcSession session = session(idToken, payload(idToken));
        assertEquals(SEEN, CODEC.unseal(CODEC.seal(session, SEEN)).orElseThrow().seen());
        Instant later = SEEN.plusSeconds(1200);
        assertEquals(later, CODEC.unseal(CODEC.seal(session, later)).orElseThrow().seen());
        assertEquals(later.getEpochSecond(), ((Number) plaintext(CODEC.seal(session, later)).get("seen")).longValue());
    }

    @Test
    void sealWhenSeenWithinAMinuteThenSeenKeptToTheMinuteAndTheSealedValuesAreEqual() throws Exception {
        String idToken = idToken();
        OidcSession session = session(idToken, payload(idToken));
        String atMinuteStart = CODEC.seal(session, SEEN);
        String laterInTheMinute = CODEC.seal(session, SEEN.plusSeconds(59));
        assertEquals(SEEN, CODEC.unseal(laterInTheMinute).orElseThrow().seen(), "rounded down to the minute");
        assertEquals(atMinuteStart, laterInTheMinute, "equal sessions seal to equal values (concurrent cookies)");
        assertFalse(atMinuteStart.equals(CODEC.seal(session, SEEN.plusSeconds(60))), "the next minute differs");
    }

    @Test
    void sealWhenSealedThenNoTokenIsReadableInTheValue() throws Exception {
        String idToken = idToken();
        String sealed = CODEC.seal(session(idToken, payload(idToken)), SEEN);
        assertFalse(sealed.contains("access-token-value") || sealed.contains("refresh-token-value")
                || sealed.contains(idToken.split("\\.")[1]) || sealed.contains(SESSION_ID));
    }
}
