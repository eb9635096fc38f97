package dev.oidchybrid.benchmarks;

import dev.oidchybrid.filter.internal.config.InitParam;
import dev.oidchybrid.filter.internal.config.OidcConfig;
import dev.oidchybrid.filter.internal.flow.LoginResult;
import dev.oidchybrid.filter.internal.crypto.RandomTokens;
import dev.oidchybrid.filter.internal.session.OidcSession;
import dev.oidchybrid.filter.internal.session.SessionFactory;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.internal.token.ValidatedIdToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The session the filter keeps after a login with {@link RealisticTokens}, made the way the callback makes it
 * ({@link SessionFactory#create}): the token set as the token endpoint returned it (access token valid for a
 * day, Auth0's default), the ID token's claims, principal and roles.
 */
public final class RealisticSession {

    /** The granted scope, as Auth0 returns it for such a login. */
    public static final String SCOPE = "openid profile email offline_access read:appointments write:appointments";

    private RealisticSession() {
    }

    /** What the benchmarks' sealed values are bound to: the client of {@link #config()}, at the root context. */
    public static final dev.oidchybrid.filter.internal.crypto.SealingScope SEALING_SCOPE =
            new dev.oidchybrid.filter.internal.crypto.SealingScope(RealisticTokens.ISSUER, RealisticTokens.CLIENT_ID, "");

    /** The configuration of a client of {@link RealisticTokens#ISSUER}, with the roles claim and cookie keys set. */
    public static OidcConfig config() {
        return OidcConfig.builder()
                .set(InitParam.ISSUER, RealisticTokens.ISSUER)
                .set(InitParam.CLIENT_ID, RealisticTokens.CLIENT_ID)
                .set(InitParam.CLIENT_SECRET, "benchmark-client-secret")
                .set(InitParam.SCOPE, "openid profile email offline_access")
                .set(InitParam.AUDIENCE, "https://api.example.com/appointments")
                .set(InitParam.ROLES_CLAIM, RealisticTokens.ROLES_CLAIM)
                .set(InitParam.COOKIE_KEYS, BenchmarkSecrets.COOKIE_KEY)
                .build();
    }

    /** A session of {@code tokens}, logged in now. */
    public static OidcSession of(RealisticTokens tokens) {
        return of(tokens, claims(tokens.idToken()));
    }

    /**
     * A session of {@code tokens} as a filter of {@code issuer} and {@code clientId} keeps it (its claims name
     * them), for a filter in front of a benchmark, which accepts only sessions of its own provider and client.
     */
    public static OidcSession forClient(RealisticTokens tokens, String issuer, String clientId) {
        Map<String, Object> claims = new java.util.LinkedHashMap<>(claims(tokens.idToken()));
        claims.put("iss", issuer);
        claims.put("aud", clientId);
        return of(tokens, claims);
    }

    private static OidcSession of(RealisticTokens tokens, Map<String, Object> idTokenClaims) {
        Instant now = Instant.now();
        TokenSet set = new TokenSet(tokens.idToken(), tokens.accessToken(), tokens.refreshToken(), "Bearer",
                now.plusSeconds(86_400), SCOPE, now);
        ValidatedIdToken idToken = new ValidatedIdToken(tokens.idToken(), idTokenClaims);
        SessionFactory factory = new SessionFactory(config().provider(), new RandomTokens(new SecureRandom()));
        return factory.create(new LoginResult(set, idToken, "/", idToken.claims()));
    }

    /** The claims of a compact JWT as the validator reads them (jose4j's JSON parser). */
    static Map<String, Object> claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        try {
            return JsonUtil.parseJson(payload);
        } catch (JoseException e) {
            throw new IllegalArgumentException("not a JWT", e);
        }
    }
}
