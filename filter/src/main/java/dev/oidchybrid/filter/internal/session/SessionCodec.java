package dev.oidchybrid.filter.internal.session;

import dev.oidchybrid.filter.internal.crypto.Sealer;
import dev.oidchybrid.filter.internal.crypto.SealingScope;
import dev.oidchybrid.filter.internal.token.TokenSet;
import dev.oidchybrid.filter.internal.token.ValidatedIdToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@link OidcSession} into a sealed string and back, for stores that keep sessions outside the
 * container: the {@code cookie} store (in the browser) and the {@code jcache} store (in a cache cluster,
 * where a cache dump then shows no token). Only tokens, times and the session id are written; the claims are
 * read again from the ID token (which was validated at login and is protected here by the seal), and written
 * only when they differ from it (UserInfo claims were merged). The principal and roles are derived again.
 * Each value also carries when the session was last seen (to the minute), for the inactivity timeout. Sealing
 * is deterministic, so concurrent responses that write the same session write the same value.
 */
public final class SessionCodec {

    /** Longest sealed value accepted back: beyond any session this filter writes. */
    public static final int MAX_SEALED_LENGTH = 64 * 1024;

    private final Sealer sealer;
    private final SealingScope scope;
    private final SessionFactory factory;

    /**
     * @param sealer  from {@link #sealer} with the same scope
     * @param scope   the provider, client and application sessions belong to: a session whose ID token names
     *                another issuer or audience is refused even if it unseals
     * @param factory restores the principal and roles
     */
    public SessionCodec(Sealer sealer, SealingScope scope, SessionFactory factory) {
        this.sealer = sealer;
        this.scope = scope;
        this.factory = factory;
    }

    /**
     * A sealer for sessions from the configured secrets: a purpose of its own (login state never unseals here),
     * bound to {@code scope} (another application's sessions never unseal here).
     */
    public static Sealer sealer(java.util.List<String> secrets, SealingScope scope) {
        return new Sealer(secrets, scope.label("session"));
    }

    /** The provider, client and application this codec's sessions belong to. */
    public SealingScope scope() {
        return scope;
    }

    public String seal(OidcSession session, Instant seen) {
        Map<String, Object> json = fields(session);
        // to the minute: sessions sealed within the same minute are equal, and so seal to equal values
        json.put("seen", seen.getEpochSecond() - Math.floorMod(seen.getEpochSecond(), 60));
        return sealer.sealDeterministic(JsonUtil.toJson(json));
    }

    /** The session sealed in {@code value}; empty when it is not one this deployment sealed, or is damaged. */
    public Optional<LoadedSession> unseal(String value) {
        Optional<String> plain = sealer.unseal(value, MAX_SEALED_LENGTH);
        if (plain.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, Object> json = JsonUtil.parseJson(plain.get());
            if (!Long.valueOf(1).equals(json.get("v"))) {
                return Optional.empty();
            }
            TokenSet tokens = tokens(json);
            Map<String, Object> claims = claims(json);
            if (!(claims.get("sub") instanceof String) || !scope.issuer().equals(claims.get("iss"))
                    || !scope.isAudience(claims.get("aud"))
                    || tokens.accessToken() == null || tokens.obtainedAt() == null
                    // a DPoP-bound token is of no use without its key, and a key belongs only to bound tokens
                    || "DPoP".equals(tokens.tokenType()) == tokens.dpop().isEmpty()) {
                return Optional.empty();
            }
            OidcSession session = factory.restore(tokens, claims, loginTime(json), (String) json.get("id"));
            return Optional.of(new LoadedSession(session, instant(json.get("seen"))));
        } catch (JoseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What a stored session is made of, as JSON fields (shared by the sealed form and the serialized form):
     * version, id, tokens and times; the claims only where they are not the ID token's own.
     */
    static Map<String, Object> fields(OidcSession session) {
        TokenSet t = session.tokens();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", 1);
        json.put("id", session.id());
        json.put("it", t.idToken());
        json.put("at", t.accessToken());
        putIfNotNull(json, "rt", t.refreshToken());
        putIfNotNull(json, "tt", t.tokenType());
        putIfNotNull(json, "exp", t.expiresAt() == null ? null : t.expiresAt().getEpochSecond());
        putIfNotNull(json, "sc", t.scope());
        putIfNotNull(json, "dk", t.dpopKey());
        json.put("ob", t.obtainedAt().getEpochSecond());
        putIfNotNull(json, "li", session.loggedInAt() == null ? null : loginSeconds(session.loggedInAt()));
        if (!session.claims().equals(idTokenClaims(t.idToken()))) {
            json.put("c", session.claims());
        }
        return json;
    }

    /** The tokens of {@link #fields}. */
    static TokenSet tokens(Map<String, Object> json) {
        return new TokenSet((String) json.get("it"), (String) json.get("at"), (String) json.get("rt"),
                (String) json.get("tt"), instant(json.get("exp")), (String) json.get("sc"), instant(json.get("ob")),
                (String) json.get("dk"));
    }

    /** The claims of {@link #fields}: the stored ones, else the ID token's. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(Map<String, Object> json) {
        return json.get("c") instanceof Map<?, ?> c ? (Map<String, Object>) ValidatedIdToken.freeze(c)
                : idTokenClaims((String) json.get("it"));
    }

    /** The login time of {@link #fields}, or null. */
    static Instant loginTime(Map<String, Object> json) {
        return loginInstant(json.get("li"));
    }

    /**
     * The claims of an ID token (already validated when it was stored) as the validator saw them (same JSON
     * parser, so equal maps compare equal).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> idTokenClaims(String idToken) {
        String[] parts = idToken.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return (Map<String, Object>) ValidatedIdToken.freeze(JsonUtil.parseJson(payload));
        } catch (JoseException e) {
            throw new IllegalArgumentException("ID token payload is not JSON", e);
        }
    }

    /**
     * The login time to the millisecond (seconds with a fraction, which older readers truncate): a revocation is
     * compared with it, and a login in the same second after a revocation must stay.
     */
    private static Number loginSeconds(Instant loggedInAt) {
        long millis = loggedInAt.toEpochMilli();
        return millis % 1000 == 0 ? (Number) (millis / 1000) : java.math.BigDecimal.valueOf(millis, 3);
    }

    private static Instant loginInstant(Object epochSeconds) {
        return epochSeconds instanceof Double d ? Instant.ofEpochMilli(Math.round(d * 1000)) : instant(epochSeconds);
    }

    private static Instant instant(Object epochSeconds) {
        return epochSeconds instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    private static void putIfNotNull(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
