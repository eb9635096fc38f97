package dev.oidchybrid.testkit;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Mints the provider's tokens, signed by the {@linkplain SigningKeyStore#current() current key} and timed by the
 * provider clock.
 *
 * <ul>
 *   <li>ID tokens (OpenID Connect Core 1.0, 2 and 3.3.2.11): iss, sub, aud, exp, iat, auth_time, nonce (when
 *       given), azp, sid, c_hash / at_hash when issued alongside a code / access token, and the user's claims
 *       released by scope. {@link ProviderFaults#idTokenCustomizer} sees the claims just before signing, and
 *       {@link ProviderFaults#signatureFault} may have them signed wrongly.
 *   <li>Access tokens as JWTs (in the spirit of RFC 9068, header {@code typ: at+jwt}): iss, sub, aud (the
 *       {@code audience} request parameter or the client id), exp, iat, scope, client_id, jti. The jti is
 *       recorded in the {@link GrantStore} so revoking the grant invalidates the token at userinfo. A DPoP-bound
 *       token has {@code cnf.jkt} (RFC 9449, 6.1).
 *   <li>Logout tokens (OpenID Connect Back-Channel Logout 1.0, 2.4; header {@code typ: logout+jwt}): iss, aud,
 *       iat, exp (iat + {@value #LOGOUT_TOKEN_LIFETIME_SECONDS} s), jti, events, sub and/or sid; never nonce.
 * </ul>
 */
final class TokenIssuer {

    /** The JWS {@code typ} of access tokens (RFC 9068, 2.1). */
    static final String ACCESS_TOKEN_TYPE = "at+jwt";

    /** The JWS {@code typ} of logout tokens (Back-Channel Logout 1.0, 2.4). */
    static final String LOGOUT_TOKEN_TYPE = DevProvider.LOGOUT_TOKEN_TYPE;

    /** The member of a logout token's {@code events} claim (Back-Channel Logout 1.0, 2.4). */
    static final String BACKCHANNEL_LOGOUT_EVENT = DevProvider.BACKCHANNEL_LOGOUT_EVENT;

    /** How long a logout token is valid after its {@code iat}. */
    static final long LOGOUT_TOKEN_LIFETIME_SECONDS = 120;

    /** An issued access token and its lifetime in seconds ({@code expires_in}). */
    record AccessToken(String value, long expiresIn) {
    }

    private final String issuer;
    private final SigningKeyStore keys;
    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final Duration idTokenLifetime;
    private final ProviderFaults faults;
    private final GrantStore grants;
    private final Map<String, ClientRegistration> clients;

    TokenIssuer(String issuer, SigningKeyStore keys, Clock clock, Duration accessTokenLifetime,
            Duration idTokenLifetime, ProviderFaults faults, GrantStore grants) {
        this(issuer, keys, clock, accessTokenLifetime, idTokenLifetime, faults, grants, Map.of());
    }

    /** @param clients the registered clients: ID tokens to one registered for encryption are encrypted to it */
    TokenIssuer(String issuer, SigningKeyStore keys, Clock clock, Duration accessTokenLifetime,
            Duration idTokenLifetime, ProviderFaults faults, GrantStore grants, Map<String, ClientRegistration> clients) {
        this.clients = Map.copyOf(clients);
        this.issuer = issuer;
        this.keys = keys;
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
        this.idTokenLifetime = idTokenLifetime;
        this.faults = faults;
        this.grants = grants;
    }

    /**
     * Issues an access token for {@code grant} limited to {@code scope}.
     *
     * @param grant the grant
     * @param scope the token's scope values (the grant's, or a subset on refresh)
     * @return the token
     */
    AccessToken accessToken(Grant grant, List<String> scope) {
        return accessToken(grant, scope, null);
    }

    /**
     * Issues an access token for {@code grant} limited to {@code scope}, bound to a DPoP key when {@code jkt} is
     * given: the claim {@code cnf} = {@code {"jkt": jkt}} (RFC 9449, 6.1).
     *
     * @param jkt the RFC 7638 thumbprint of the DPoP proof key, or null for a bearer token
     */
    AccessToken accessToken(Grant grant, List<String> scope, String jkt) {
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(grant.user().subject());
        claims.setAudience(grant.audience() != null ? grant.audience() : grant.clientId());
        claims.setExpirationTime(NumericDate.fromSeconds(now + accessTokenLifetime.toSeconds()));
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setClaim("scope", String.join(" ", scope));
        claims.setClaim("client_id", grant.clientId());
        // RFC 9068 2.2.1: how and when the user authenticated, for APIs with step-up rules (RFC 9470)
        claims.setClaim("auth_time", grant.authTime().getEpochSecond());
        if (grant.acr() != null) {
            claims.setClaim("acr", grant.acr());
        }
        if (jkt != null) {
            claims.setClaim("cnf", Map.of("jkt", jkt));
        }
        String jti = Secrets.randomToken();
        claims.setJwtId(jti);
        grants.recordAccessToken(jti, grant.id());
        return new AccessToken(keys.current().sign(claims, ACCESS_TOKEN_TYPE), accessTokenLifetime.toSeconds());
    }

    /**
     * Issues an ID token.
     *
     * @param stage       where it is issued (passed to the fault customizer)
     * @param grant       the grant (user, client, auth_time, sid)
     * @param scope       the scope values that decide the released claims
     * @param nonce       the nonce to echo, or null for none (refresh)
     * @param code        the code issued alongside (gives c_hash), or null
     * @param accessToken the access token issued alongside (gives at_hash), or null
     * @return the signed ID token (or the faulty one the stage's {@link SignatureFault} asks for), encrypted to a
     *         client registered for it ({@link ClientRegistration#idTokenEncryption()}) unless
     *         {@link ProviderFaults#unencryptedIdTokens} says otherwise
     */
    String idToken(TokenStage stage, Grant grant, List<String> scope, String nonce, String code, String accessToken) {
        SigningKey key = keys.current();
        SignatureFault fault = faults.signatureFault(stage);
        // The hashes follow the alg the token's header will name, so only the fault's property is wrong.
        String headerAlgorithm = fault == SignatureFault.HS256_WITH_PUBLIC_KEY ? "HS256" : key.algorithm();
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(grant.user().subject());
        claims.setAudience(grant.clientId());
        claims.setExpirationTime(NumericDate.fromSeconds(now + idTokenLifetime.toSeconds()));
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setClaim("auth_time", grant.authTime().getEpochSecond());
        if (grant.acr() != null) {
            claims.setClaim("acr", grant.acr());
        }
        if (nonce != null) {
            claims.setClaim("nonce", nonce);
        }
        claims.setClaim("azp", grant.clientId());
        claims.setClaim("sid", grant.sessionId());
        if (code != null) {
            claims.setClaim("c_hash", SigningKey.halfHash(headerAlgorithm, code));
        }
        if (accessToken != null) {
            claims.setClaim("at_hash", SigningKey.halfHash(headerAlgorithm, accessToken));
        }
        ClaimRelease.release(grant.user(), scope).forEach(claims::setClaim);
        BiConsumer<TokenStage, JwtClaims> customizer = faults.idTokenCustomizer();
        if (customizer != null) {
            customizer.accept(stage, claims);
        }
        String token = protect(claims, key, fault, null);
        ClientRegistration client = clients.get(grant.clientId());
        if (client == null || client.idTokenEncryption() == null || fault == SignatureFault.ENCRYPTED
                || faults.unencryptedIdToken(stage)) {
            return token;
        }
        return IdTokenEncrypter.encrypt(token, client, faults.idTokenEncryption());
    }

    /**
     * Issues a logout token (Back-Channel Logout 1.0, 2.4) signed like ID tokens (current key, its {@code alg} and
     * {@code kid}), with header {@code typ: logout+jwt}.
     *
     * @param audience   the {@code aud}: the client id of the relying party to log out
     * @param subject    the {@code sub}, or null to leave it out
     * @param sessionId  the {@code sid}, or null to leave it out (not both null)
     * @param customizer sees the claims just before signing and may change or remove any, or null
     * @param fault      how to protect the token wrongly, or null to sign it correctly
     * @return the logout token (or the faulty one {@code fault} asks for)
     */
    String logoutToken(String audience, String subject, String sessionId, Consumer<JwtClaims> customizer,
            SignatureFault fault) {
        if (subject == null && sessionId == null) {
            throw new IllegalArgumentException("a logout token needs a sub or a sid (or both)");
        }
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        if (subject != null) {
            claims.setSubject(subject);
        }
        claims.setAudience(audience);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + LOGOUT_TOKEN_LIFETIME_SECONDS));
        claims.setJwtId(Secrets.randomToken());
        Map<String, Object> events = new LinkedHashMap<>();
        events.put(BACKCHANNEL_LOGOUT_EVENT, new LinkedHashMap<String, Object>());
        claims.setClaim("events", events);
        if (sessionId != null) {
            claims.setClaim("sid", sessionId);
        }
        if (customizer != null) {
            customizer.accept(claims);
        }
        return protect(claims, keys.current(), fault, LOGOUT_TOKEN_TYPE);
    }

    /** Signs {@code claims} with {@code key}, or protects them wrongly as {@code fault} (when not null) says. */
    private String protect(JwtClaims claims, SigningKey key, SignatureFault fault, String type) {
        if (fault == null) {
            return key.sign(claims, type);
        }
        return switch (fault) {
            case ALG_NONE -> key.unsecured(claims, type);
            case FOREIGN_KEY -> keys.foreignKey().signWithKeyId(claims, key.keyId(), type);
            case HS256_WITH_PUBLIC_KEY -> key.signHs256WithPublicKey(claims, type);
            case UNKNOWN_KID -> key.signWithKeyId(claims, "unknown-" + Secrets.randomToken(), type);
            case NO_KID -> key.signWithKeyId(claims, null, type);
            case ENCRYPTED -> SigningKey.encrypt(key.sign(claims, type), keys.encryptionKey().getPublicKey());
            case CORRUPT_SIGNATURE -> SigningKey.corruptSignature(key.sign(claims, type));
        };
    }
}
